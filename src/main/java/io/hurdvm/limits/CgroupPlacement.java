package io.hurdvm.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Puts a QEMU process into a cgroup of its own with {@code memory.max} and {@code cpu.max}, so a runaway
 * guest is OOM-killed or throttled alone instead of taking hurdvm or its neighbours with it.
 *
 * <p>Only cgroup v2 with a delegated subtree qualifies. v2's "no internal processes" rule forbids
 * enabling controllers for children of a cgroup that holds processes, so the VM cgroup is created as a
 * <em>sibling</em> of hurdvm's own cgroup (hurdvm's cgroup must be a leaf below a subtree delegated to it,
 * e.g. a systemd unit with {@code Delegate=yes}), or as a child when hurdvm runs in the hierarchy's root.
 * hurdvm does not verify that nobody else (systemd, a container runtime) manages that parent: enabling
 * delegation is the operator's statement that hurdvm may.
 */
public final class CgroupPlacement {

    private static final Pattern CHILD_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final long CPU_PERIOD_MICROS = 100_000;

    private final FsRoot fs;
    private final Path parent;
    private final String unavailableReason;

    private CgroupPlacement(FsRoot fs, Path parent, String unavailableReason) {
        this.fs = fs;
        this.parent = parent;
        this.unavailableReason = unavailableReason;
    }

    /** Inspects the process's cgroup below {@code fs} without changing anything. */
    public static CgroupPlacement detect(FsRoot fs) {
        Objects.requireNonNull(fs, "fs");
        String membership = fs.readIfPresent(fs.resolve("/proc/self/cgroup"));
        String mountinfo = fs.readIfPresent(fs.resolve("/proc/self/mountinfo"));
        CgroupMembership v2Member = CgroupMembership.parse(membership).stream().filter(CgroupMembership::isV2).findFirst().orElse(null);
        CgroupMount v2Mount = CgroupMount.parseMountInfo(mountinfo).stream().filter(CgroupMount::v2).findFirst().orElse(null);
        if (v2Member == null || v2Mount == null) {
            return unavailable(fs, "no cgroup v2 hierarchy is mounted");
        }
        String own = v2Mount.directoryOf(v2Member.path());
        Path ownDir = fs.resolve(own);
        boolean atRoot = own.equals(v2Mount.mountPoint());
        // A cgroup's cgroup.controllers is exactly what its parent's subtree_control delegates to children.
        Path granting = atRoot ? ownDir.resolve("cgroup.subtree_control") : ownDir.resolve("cgroup.controllers");
        String granted = fs.readIfPresent(granting).trim();
        if (!List.of(granted.split("\\s+")).containsAll(List.of("memory", "cpu"))) {
            return unavailable(fs, fs.kernelName(granting) + " lists '" + granted
                    + "', not memory and cpu (controllers held by cgroup v1, or not delegated to hurdvm's cgroup)");
        }
        Path target = atRoot ? ownDir : ownDir.getParent();
        if (!Files.isWritable(target) || !Files.isWritable(target.resolve("cgroup.procs"))) {
            return unavailable(fs, fs.kernelName(target) + " is not writable by hurdvm: delegate it (systemd Delegate=yes)");
        }
        return new CgroupPlacement(fs, target, null);
    }

    private static CgroupPlacement unavailable(FsRoot fs, String reason) {
        return new CgroupPlacement(fs, null, reason);
    }

    public boolean available() {
        return parent != null;
    }

    /** For {@code status}: "available under /sys/fs/cgroup/x" or "not available: reason". */
    public String describe() {
        return available() ? "available under " + fs.kernelName(parent) : "not available: " + unavailableReason;
    }

    /**
     * Creates {@code hurdvm-<name>} with the given limits and moves {@code pid} into it.
     *
     * @param cpuCores the cpu.max quota in cores; 0 for no quota
     * @return the new cgroup's directory (below the injected root)
     */
    public Path place(String name, long memoryMaxBytes, double cpuCores, long pid) {
        if (!available()) {
            throw new IllegalStateException("cgroup placement is " + describe());
        }
        if (!CHILD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' cannot name a cgroup: use lower-case letters, digits, '.', '_', '-'");
        }
        if (memoryMaxBytes <= 0 || cpuCores < 0 || pid <= 0) {
            throw new IllegalArgumentException("memory.max " + memoryMaxBytes + ", cpu cores " + cpuCores + ", pid " + pid + ": all must be positive");
        }
        Path child = parent.resolve("hurdvm-" + name);
        String cpuMax = cpuCores == 0 ? "max " + CPU_PERIOD_MICROS : Math.round(cpuCores * CPU_PERIOD_MICROS) + " " + CPU_PERIOD_MICROS;
        try {
            Files.createDirectories(child);
            write(child, "memory.max", Long.toString(memoryMaxBytes));
            write(child, "cpu.max", cpuMax);
            // Moving the process last: until now it ran under hurdvm's own limits, never without any.
            write(child, "cgroup.procs", Long.toString(pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot place pid " + pid + " in " + fs.kernelName(child) + ": " + e.getMessage(), e);
        }
        return child;
    }

    /** Removes a VM cgroup once its processes are gone; the kernel refuses while any remain. */
    public void remove(Path child) {
        try {
            Files.deleteIfExists(child);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove cgroup " + fs.kernelName(child) + " (processes still in it?): " + e.getMessage(), e);
        }
    }

    private static void write(Path dir, String file, String value) throws IOException {
        // CREATE only matters for test trees: the kernel creates control files itself at mkdir.
        Files.writeString(dir.resolve(file), value, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

}
