package io.hurdvm.limits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the kernel files the limits code reads ({@code /proc/self/cgroup}, mountinfo, cgroup control
 * files, meminfo) as ordinary files below a temporary root. The code under test parses them exactly as
 * it parses the real ones; what a fake tree cannot show is kernel behaviour (enforcement, rmdir rules).
 */
final class FakeKernelFs {

    static final String V2_MOUNT = "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate";

    final FsRoot fs;

    FakeKernelFs(Path root) {
        this.fs = new FsRoot(root);
    }

    FakeKernelFs file(String absolutePath, String content) {
        Path path = fs.resolve(absolutePath);
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeKernelFs procSelfCgroup(String... lines) {
        return file("/proc/self/cgroup", String.join("\n", lines) + "\n");
    }

    FakeKernelFs mountinfo(String... lines) {
        return file("/proc/self/mountinfo", String.join("\n", lines) + "\n");
    }

    /** A pure cgroup v2 host: the process in {@code cgroupPath}, controllers enabled all the way down. */
    FakeKernelFs unifiedHost(String cgroupPath) {
        procSelfCgroup("0::" + cgroupPath);
        mountinfo("22 1 254:0 / / rw,relatime - ext4 /dev/vda rw", V2_MOUNT);
        String dir = "/sys/fs/cgroup";
        file(dir + "/cgroup.controllers", "cpuset cpu io memory pids\n").file(dir + "/cgroup.procs", "");
        for (String part : cgroupPath.substring(1).split("/")) {
            if (!part.isEmpty()) {
                dir += "/" + part;
                file(dir + "/cgroup.controllers", "cpu io memory pids\n").file(dir + "/cgroup.procs", "");
            }
        }
        return this;
    }

    FakeKernelFs meminfo(long totalKib, long availableKib) {
        return file("/proc/meminfo", "MemTotal:       " + totalKib + " kB\nMemFree:        " + availableKib
                + " kB\nMemAvailable:   " + availableKib + " kB\nBuffers:          1024 kB\n");
    }

    FakeKernelFs onlineCpus(String list) {
        return file("/sys/devices/system/cpu/online", list + "\n");
    }
}
