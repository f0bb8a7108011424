package io.hurdvm.limits;

/**
 * Where a memory or CPU limit comes from. Each source knows how to name itself in a message and what
 * the user can do about it, so a refusal reads as one complete sentence.
 */
public enum LimitSource {
    CGROUP_V2("the cgroup memory limit (cgroup v2 memory.max)",
            "the cgroup CPU quota (cgroup v2 cpu.max)",
            "lower --memory or raise the limit"),
    CGROUP_V1("the cgroup memory limit (cgroup v1 memory.limit_in_bytes)",
            "the cgroup CPU quota (cgroup v1 cpu.cfs_quota_us)",
            "lower --memory or raise the limit"),
    HOST("the host's total memory (/proc/meminfo MemTotal)",
            "the host's online CPUs (/sys/devices/system/cpu/online)",
            "lower --memory"),
    OVERRIDE("the limit set by HURDVM_MEMORY_LIMIT_MIB",
            "the limit set by the operator",
            "lower --memory or raise HURDVM_MEMORY_LIMIT_MIB");

    private final String memoryPhrase;
    private final String cpuPhrase;
    private final String memoryRemedy;

    LimitSource(String memoryPhrase, String cpuPhrase, String memoryRemedy) {
        this.memoryPhrase = memoryPhrase;
        this.cpuPhrase = cpuPhrase;
        this.memoryRemedy = memoryRemedy;
    }

    /** E.g. "the cgroup memory limit (cgroup v2 memory.max)". */
    public String memoryPhrase() {
        return memoryPhrase;
    }

    /** E.g. "the cgroup CPU quota (cgroup v2 cpu.max)". */
    public String cpuPhrase() {
        return cpuPhrase;
    }

    /** What the user can change when this limit is too low for the guest. */
    public String memoryRemedy() {
        return memoryRemedy;
    }
}
