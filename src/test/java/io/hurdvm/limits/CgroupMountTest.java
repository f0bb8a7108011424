package io.hurdvm.limits;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupMountTest {

    @Test
    void parseMountInfo_keepsCgroupMountsWithTheirControllers() {
        List<CgroupMount> mounts = CgroupMount.parseMountInfo("""
                27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
                32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
                33 31 0:30 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:7 master:2 - cgroup cgroup rw,cpu,cpuacct
                35 31 0:32 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                """);

        assertThat(mounts).containsExactly(
                new CgroupMount("/", "/sys/fs/cgroup/cpu", false, Set.of("rw", "cpu")),
                new CgroupMount("/", "/sys/fs/cgroup/cpu,cpuacct", false, Set.of("rw", "cpu", "cpuacct")),
                new CgroupMount("/docker/abc", "/sys/fs/cgroup/memory", false, Set.of("rw", "memory")),
                new CgroupMount("/", "/sys/fs/cgroup/unified", true, Set.of()));
    }

    @Test
    void parseMountInfo_decodesOctalEscapesInMountPoints() {
        List<CgroupMount> mounts = CgroupMount.parseMountInfo(
                "41 31 0:38 / /mnt/my\\040cgroups rw,relatime - cgroup2 cgroup2 rw\n");

        assertThat(mounts).extracting(CgroupMount::mountPoint).containsExactly("/mnt/my cgroups");
    }

    @Test
    void directoryOf_stripsTheMountRootOfAContainer() {
        CgroupMount mount = new CgroupMount("/docker/abc", "/sys/fs/cgroup/memory", false, Set.of("memory"));

        assertThat(mount.directoryOf("/docker/abc")).isEqualTo("/sys/fs/cgroup/memory");
        assertThat(mount.directoryOf("/docker/abc/inner")).isEqualTo("/sys/fs/cgroup/memory/inner");
        assertThat(mount.directoryOf("/docker/abcdef")).as("a sibling sharing a prefix is outside the mount")
                .isEqualTo("/sys/fs/cgroup/memory");
    }

    @Test
    void directoryOf_appendsThePathBelowARootMount() {
        CgroupMount mount = new CgroupMount("/", "/sys/fs/cgroup", true, Set.of());

        assertThat(mount.directoryOf("/")).isEqualTo("/sys/fs/cgroup");
        assertThat(mount.directoryOf("/user.slice/session-1.scope")).isEqualTo("/sys/fs/cgroup/user.slice/session-1.scope");
    }

    @Test
    void membershipParse_readsV1AndV2Lines() {
        List<CgroupMembership> lines = CgroupMembership.parse("""
                4:memory:/process_api/0f67
                2:cpu,cpuacct:/
                1:name=systemd:/
                0::/user.slice
                """);

        assertThat(lines).containsExactly(
                new CgroupMembership(4, Set.of("memory"), "/process_api/0f67"),
                new CgroupMembership(2, Set.of("cpu", "cpuacct"), "/"),
                new CgroupMembership(1, Set.of("name=systemd"), "/"),
                new CgroupMembership(0, Set.of(), "/user.slice"));
        assertThat(lines.get(3).isV2()).isTrue();
        assertThat(lines.get(0).isV2()).isFalse();
    }
}
