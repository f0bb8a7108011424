package io.hurdvm.limits;

import com.sun.management.OperatingSystemMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupLimitsTest {

    private static final long GIB = 1L << 30;

    /** This development machine's layout: v1 memory and cpu, a controller-less cgroup2 at /unified. */
    private static FakeKernelFs hybridHost(Path root) {
        return new FakeKernelFs(root)
                .procSelfCgroup("4:memory:/process_api/0f67", "2:cpuacct:/", "1:cpu:/", "0::/")
                .mountinfo("31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                        "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
                        "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
                        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                        "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw")
                .file("/sys/fs/cgroup/unified/cgroup.controllers", "\n")
                .file("/sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n")
                .file("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n")
                .file("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
    }

    @Test
    void v2_memoryLimitIsTheSmallestOnTheWayUp(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/ci.slice/job-7")
                .file("/sys/fs/cgroup/ci.slice/memory.max", "1073741824\n")
                .file("/sys/fs/cgroup/ci.slice/job-7/memory.max", "max\n");

        CgroupLimits limits = CgroupLimits.detect(kernel.fs);

        assertThat(limits.memory()).contains(new MemoryLimit(GIB, LimitSource.CGROUP_V2, "/sys/fs/cgroup/ci.slice/memory.max"));
        assertThat(limits.memoryHierarchy()).isEqualTo("cgroup v2 at /sys/fs/cgroup/ci.slice/job-7");
    }

    @Test
    void v2_aChildBelowItsParentsLimitWins(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/a/b")
                .file("/sys/fs/cgroup/a/memory.max", "4294967296\n")
                .file("/sys/fs/cgroup/a/b/memory.max", "536870912\n");

        assertThat(CgroupLimits.detect(kernel.fs).memory()).hasValueSatisfying(limit -> {
            assertThat(limit.mib()).isEqualTo(512);
            assertThat(limit.origin()).isEqualTo("/sys/fs/cgroup/a/b/memory.max");
        });
    }

    @Test
    void v2_cpuMaxIsQuotaOverPeriodAndMaxMeansNone(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/a/b")
                .file("/sys/fs/cgroup/a/cpu.max", "max 100000\n")
                .file("/sys/fs/cgroup/a/b/cpu.max", "150000 100000\n");

        assertThat(CgroupLimits.detect(kernel.fs).cpu())
                .contains(new CpuLimit(1.5, LimitSource.CGROUP_V2, "/sys/fs/cgroup/a/b/cpu.max"));
    }

    @Test
    void v2_noLimitWhenEveryLevelSaysMax(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/a")
                .file("/sys/fs/cgroup/a/memory.max", "max\n")
                .file("/sys/fs/cgroup/a/cpu.max", "max 100000\n");

        CgroupLimits limits = CgroupLimits.detect(kernel.fs);

        assertThat(limits.memory()).isEmpty();
        assertThat(limits.cpu()).isEmpty();
    }

    @Test
    void v2_containerWithCgroupNamespaceReadsItsRootCgroup(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/")
                .file("/sys/fs/cgroup/memory.max", "805306368\n");

        assertThat(CgroupLimits.detect(kernel.fs).memory()).hasValueSatisfying(l -> assertThat(l.mib()).isEqualTo(768));
    }

    @Test
    void v2_garbageInMemoryMaxIsAOneLineError(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/a").file("/sys/fs/cgroup/a/memory.max", "lots\n");

        assertThatThrownBy(() -> CgroupLimits.detect(kernel.fs))
                .isInstanceOf(LimitsUnreadableException.class)
                .hasMessage("cannot parse /sys/fs/cgroup/a/memory.max: 'lots' is not a byte count or 'max'");
    }

    @Test
    void v1_memoryLimitUnderAContainerMountRoot(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root)
                .procSelfCgroup("5:memory:/docker/abc", "3:cpu,cpuacct:/docker/abc", "0::/")
                .mountinfo("35 31 0:32 /docker/abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory",
                        "33 31 0:30 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro - cgroup cgroup rw,cpu,cpuacct")
                .file("/sys/fs/cgroup/memory/memory.limit_in_bytes", "2147483648\n")
                .file("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "50000\n")
                .file("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");

        CgroupLimits limits = CgroupLimits.detect(kernel.fs);

        assertThat(limits.memory()).contains(new MemoryLimit(2 * GIB, LimitSource.CGROUP_V1, "/sys/fs/cgroup/memory/memory.limit_in_bytes"));
        assertThat(limits.cpu()).contains(new CpuLimit(0.5, LimitSource.CGROUP_V1, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us"));
    }

    @Test
    void v1_unlimitedSentinelsForEveryPageSizeMeanNoLimit(@TempDir Path root) {
        // 4 KiB pages give 9223372036854771712; 64 KiB pages (arm64, ppc64) give 9223372036854710272.
        for (String sentinel : new String[] {"9223372036854771712", "9223372036854710272", "9223372036854775807"}) {
            FakeKernelFs kernel = hybridHost(root).file("/sys/fs/cgroup/memory/process_api/0f67/memory.limit_in_bytes", sentinel);

            assertThat(CgroupLimits.detect(kernel.fs).memory()).as(sentinel).isEmpty();
        }
    }

    @Test
    void v1_hierarchicalLimitRevealsAnAncestorAboveTheMountRoot(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root)
                .procSelfCgroup("5:memory:/docker/abc")
                .mountinfo("35 31 0:32 /docker/abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory")
                .file("/sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n")
                .file("/sys/fs/cgroup/memory/memory.stat", "cache 0\nrss 4096\nhierarchical_memory_limit 1610612736\n");

        assertThat(CgroupLimits.detect(kernel.fs).memory()).hasValueSatisfying(limit -> {
            assertThat(limit.mib()).isEqualTo(1536);
            assertThat(limit.origin()).isEqualTo("/sys/fs/cgroup/memory/memory.stat hierarchical_memory_limit");
        });
    }

    @Test
    void hybrid_v1ControllersWinOverTheControllerlessUnifiedMount(@TempDir Path root) {
        FakeKernelFs kernel = hybridHost(root)
                .file("/sys/fs/cgroup/memory/process_api/0f67/memory.limit_in_bytes", "3221225472\n");

        CgroupLimits limits = CgroupLimits.detect(kernel.fs);

        assertThat(limits.memory()).hasValueSatisfying(l -> assertThat(l.source()).isEqualTo(LimitSource.CGROUP_V1));
        assertThat(limits.memory().orElseThrow().mib()).isEqualTo(3072);
        assertThat(limits.cpu()).isEmpty();
        assertThat(limits.memoryHierarchy()).isEqualTo("cgroup v1 at /sys/fs/cgroup/memory/process_api/0f67");
        assertThat(limits.cpuHierarchy()).isEqualTo("cgroup v1 at /sys/fs/cgroup/cpu");
    }

    @Test
    void v2_hierarchyWithoutTheControllerIsNotUsed(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/a")
                .file("/sys/fs/cgroup/a/cgroup.controllers", "pids\n")
                .file("/sys/fs/cgroup/a/memory.max", "1073741824\n");

        CgroupLimits limits = CgroupLimits.detect(kernel.fs);

        assertThat(limits.memory()).isEmpty();
        assertThat(limits.memoryHierarchy()).isEqualTo(CgroupLimits.NOT_FOUND);
    }

    @Test
    void withoutProcThereAreNoCgroupLimits(@TempDir Path root) {
        assertThat(CgroupLimits.detect(new FsRoot(root))).isEqualTo(CgroupLimits.none());
    }

    @Test
    void realMachine_effectiveMemoryAgreesWithTheJvmsContainerSupport() {
        // The JDK reads cgroups with its own code; its total memory is min(container limit, physical RAM).
        CgroupLimits limits = CgroupLimits.detect(FsRoot.SYSTEM);
        HostResources host = HostResources.read(FsRoot.SYSTEM);
        long ours = Math.min(limits.memory().map(MemoryLimit::bytes).orElse(Long.MAX_VALUE), host.memTotalBytes());

        long jvm = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getTotalMemorySize();

        assertThat(ours).isEqualTo(jvm);
    }
}
