package io.hurdvm.limits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostResourcesTest {

    @Test
    void read_takesMemTotalMemAvailableAndTheOnlineCpuList(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).meminfo(24683656, 24289588).onlineCpus("0-3,6,8-9");

        assertThat(HostResources.read(kernel.fs)).isEqualTo(new HostResources(24683656L * 1024, 24289588L * 1024, 7));
    }

    @Test
    void read_singleCpuList(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).meminfo(1024, 512).onlineCpus("0");

        assertThat(HostResources.read(kernel.fs).onlineCpus()).isEqualTo(1);
    }

    @Test
    void read_meminfoWithoutMemAvailableIsAOneLineError(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).file("/proc/meminfo", "MemTotal: 1024 kB\nMemFree: 100 kB\n").onlineCpus("0");

        assertThatThrownBy(() -> HostResources.read(kernel.fs))
                .isInstanceOf(LimitsUnreadableException.class)
                .hasMessageContaining("has no MemAvailable line");
    }

    @Test
    void read_withoutProcSaysSo(@TempDir Path root) {
        assertThatThrownBy(() -> HostResources.read(new FsRoot(root)))
                .isInstanceOf(LimitsUnreadableException.class)
                .hasMessageEndingWith("meminfo: it does not exist (is /proc mounted?)");
    }

    @Test
    void read_malformedCpuListIsRejected(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).meminfo(1024, 512).onlineCpus("3-1");

        assertThatThrownBy(() -> HostResources.read(kernel.fs)).hasMessageContaining("'3-1' is not a CPU list");
    }

    @Test
    void realMachine_seesAtLeastTheCpusTheJvmMayUse() {
        HostResources host = HostResources.read(FsRoot.SYSTEM);

        assertThat(host.onlineCpus()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.memAvailableBytes()).isBetween(1L, host.memTotalBytes());
    }
}
