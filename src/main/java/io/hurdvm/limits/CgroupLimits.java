package io.hurdvm.limits;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The memory and CPU limits cgroups impose on the current process (and so on the QEMU it starts, which
 * inherits its cgroup).
 *
 * <p>Each controller is looked up on its own because hosts mix versions: in "hybrid" mode memory and
 * cpu sit on v1 hierarchies while a controller-less cgroup2 is mounted at {@code /sys/fs/cgroup/unified}.
 * A controller can be bound to one hierarchy only, so a v1 mount carrying it wins; otherwise the
 * unified hierarchy is read.
 *
 * @param memory          the smallest memory limit on the process's cgroup path, if any
 * @param cpu             the smallest CPU quota on the process's cgroup path, if any
 * @param memoryHierarchy where the memory controller was looked up, for reports (e.g. "cgroup v2 at /sys/fs/cgroup/a")
 * @param cpuHierarchy    where the cpu controller was looked up, for reports
 */
public record CgroupLimits(Optional<MemoryLimit> memory, Optional<CpuLimit> cpu, String memoryHierarchy, String cpuHierarchy) {

    static final String NOT_FOUND = "no cgroup hierarchy with this controller";

    public CgroupLimits {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memoryHierarchy, "memoryHierarchy");
        Objects.requireNonNull(cpuHierarchy, "cpuHierarchy");
    }

    /** No cgroup information (not Linux, or /proc not mounted). */
    public static CgroupLimits none() {
        return new CgroupLimits(Optional.empty(), Optional.empty(), NOT_FOUND, NOT_FOUND);
    }

    /** Reads {@code /proc/self/cgroup} and {@code /proc/self/mountinfo} below {@code fs}, then the limits they lead to. */
    public static CgroupLimits detect(FsRoot fs) {
        String cgroupText = fs.readIfPresent(fs.resolve("/proc/self/cgroup"));
        String mountText = fs.readIfPresent(fs.resolve("/proc/self/mountinfo"));
        if (cgroupText.isEmpty() || mountText.isEmpty()) {
            return none();
        }
        List<CgroupMembership> memberships = CgroupMembership.parse(cgroupText);
        List<CgroupMount> mounts = CgroupMount.parseMountInfo(mountText);

        Optional<Located> memoryAt = locate("memory", memberships, mounts, fs);
        Optional<Located> cpuAt = locate("cpu", memberships, mounts, fs);
        Optional<MemoryLimit> memory = memoryAt.flatMap(at -> at.v2()
                ? new CgroupV2Limits(at.dirs()).memory() : new CgroupV1Limits(at.dirs()).memory());
        Optional<CpuLimit> cpu = cpuAt.flatMap(at -> at.v2()
                ? new CgroupV2Limits(at.dirs()).cpu() : new CgroupV1Limits(at.dirs()).cpu());
        return new CgroupLimits(memory, cpu,
                memoryAt.map(Located::describe).orElse(NOT_FOUND), cpuAt.map(Located::describe).orElse(NOT_FOUND));
    }

    private static Optional<Located> locate(String controller, List<CgroupMembership> memberships,
                                            List<CgroupMount> mounts, FsRoot fs) {
        for (CgroupMembership member : memberships) {
            if (member.controllers().contains(controller)) {
                for (CgroupMount mount : mounts) {
                    if (!mount.v2() && mount.controllers().contains(controller)) {
                        return Optional.of(new Located(false, new CgroupAncestry(fs, mount.mountPoint(), mount.directoryOf(member.path()))));
                    }
                }
            }
        }
        for (CgroupMembership member : memberships) {
            if (member.isV2()) {
                for (CgroupMount mount : mounts) {
                    if (mount.v2() && enables(fs, mount, member, controller)) {
                        return Optional.of(new Located(true, new CgroupAncestry(fs, mount.mountPoint(), mount.directoryOf(member.path()))));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** On v2 a controller is usable in a cgroup when its {@code cgroup.controllers} lists it. */
    private static boolean enables(FsRoot fs, CgroupMount mount, CgroupMembership member, String controller) {
        Path controllers = fs.resolve(mount.directoryOf(member.path())).resolve("cgroup.controllers");
        return List.of(fs.readIfPresent(controllers).trim().split("\\s+")).contains(controller);
    }

    private record Located(boolean v2, CgroupAncestry dirs) {
        String describe() {
            return (v2 ? "cgroup v2 at " : "cgroup v1 at ") + dirs.leaf();
        }
    }
}
