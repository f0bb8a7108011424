package io.hurdvm.limits;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupPlacementTest {

    @Test
    void detect_delegatedV2Subtree_placesBesideHurdvmsOwnLeaf(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/hurdvm.service/daemon");

        CgroupPlacement placement = CgroupPlacement.detect(kernel.fs);

        assertThat(placement.available()).isTrue();
        assertThat(placement.describe()).isEqualTo("available under /sys/fs/cgroup/hurdvm.service");
    }

    @Test
    void place_inFakeCgroupTree_writesMemoryMaxCpuMaxAndThePid(@TempDir Path root) throws Exception {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/hurdvm.service/daemon");

        Path child = CgroupPlacement.detect(kernel.fs).place("web", 2365L << 20, 1.5, 4242);

        assertThat(kernel.fs.kernelName(child)).isEqualTo("/sys/fs/cgroup/hurdvm.service/hurdvm-web");
        assertThat(Files.readString(child.resolve("memory.max"))).isEqualTo(Long.toString(2365L << 20));
        assertThat(Files.readString(child.resolve("cpu.max"))).isEqualTo("150000 100000");
        assertThat(Files.readString(child.resolve("cgroup.procs"))).isEqualTo("4242");
    }

    @Test
    void place_inFakeCgroupTree_zeroCoresMeansNoQuota(@TempDir Path root) throws Exception {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/hurdvm.service/daemon");

        Path child = CgroupPlacement.detect(kernel.fs).place("db", 1L << 30, 0, 7);

        assertThat(Files.readString(child.resolve("cpu.max"))).isEqualTo("max 100000");
    }

    @Test
    void place_rejectsNamesThatCouldEscapeTheParent(@TempDir Path root) {
        CgroupPlacement placement = CgroupPlacement.detect(new FakeKernelFs(root).unifiedHost("/svc/daemon").fs);

        assertThatThrownBy(() -> placement.place("../evil", 1L << 30, 1, 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void detect_hybridHostWithV1Controllers_isNotAvailableAndSaysWhy(@TempDir Path root) {
        // This development machine: memory and cpu on v1, the process in the root of a controller-less cgroup2.
        FakeKernelFs kernel = new FakeKernelFs(root)
                .procSelfCgroup("4:memory:/process_api/0f67", "1:cpu:/", "0::/")
                .mountinfo("35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
                        "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw")
                .file("/sys/fs/cgroup/unified/cgroup.controllers", "\n")
                .file("/sys/fs/cgroup/unified/cgroup.subtree_control", "\n");

        CgroupPlacement placement = CgroupPlacement.detect(kernel.fs);

        assertThat(placement.available()).isFalse();
        assertThat(placement.describe()).isEqualTo("not available: /sys/fs/cgroup/unified/cgroup.subtree_control lists '',"
                + " not memory and cpu (controllers held by cgroup v1, or not delegated to hurdvm's cgroup)");
        assertThatThrownBy(() -> placement.place("web", 1L << 30, 1, 7)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cgroup placement is not available: ");
    }

    @Test
    void detect_controllersNotDelegatedToOwnCgroup_isNotAvailable(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/user.slice/session-1.scope")
                .file("/sys/fs/cgroup/user.slice/session-1.scope/cgroup.controllers", "pids\n");

        assertThat(CgroupPlacement.detect(kernel.fs).describe())
                .startsWith("not available: /sys/fs/cgroup/user.slice/session-1.scope/cgroup.controllers lists 'pids'");
    }

    @Test
    void detect_withoutCgroupV2_isNotAvailable(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).procSelfCgroup("4:memory:/")
                .mountinfo("35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory");

        assertThat(CgroupPlacement.detect(kernel.fs).describe()).isEqualTo("not available: no cgroup v2 hierarchy is mounted");
    }

    @Test
    void realMachine_placesASleepProcessWhenADelegatedV2SubtreeExists() throws Exception {
        CgroupPlacement placement = CgroupPlacement.detect(FsRoot.SYSTEM);
        Assumptions.assumeTrue(placement.available(), () -> "this machine: cgroup placement is " + placement.describe());

        Process sleeper = new ProcessBuilder("sleep", "60").start();
        Path child = null;
        try {
            child = placement.place("test-" + sleeper.pid(), 64L << 20, 0.5, sleeper.pid());

            assertThat(Files.readString(Path.of("/proc/" + sleeper.pid() + "/cgroup")))
                    .contains("/hurdvm-test-" + sleeper.pid());
            assertThat(Files.readString(child.resolve("memory.max")).trim()).isEqualTo(Long.toString(64L << 20));
            assertThat(Files.readString(child.resolve("cpu.max")).trim()).isEqualTo("50000 100000");
        } finally {
            sleeper.destroy();
            assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
            if (child != null) {
                placement.remove(child);
            }
        }
    }
}
