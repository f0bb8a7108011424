package io.hurdvm.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What an accelerator measurement depends on: a new kernel (KVM module), another CPU or another QEMU
 * can change the verdict, so any change means measuring again.
 */
public record HostKey(String kernelRelease, String cpuModel, String qemuVersion) {
    public HostKey {
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(qemuVersion, "qemuVersion");
    }

    /**
     * This host, with the build {@code qemuBinary --version} tells, remembered in {@code builds} per binary
     * file: {@code up} decides the accelerator in the CLI and again in the supervisor, each before QEMU
     * starts, and each such run of QEMU costs 0.1-0.35 s (issue 14).
     */
    public static HostKey current(String qemuBinary, CommandRunner runner, QemuBuildCache builds) {
        return new HostKey(readKernelRelease(), readCpuModel(), builds.probe(runner, qemuBinary).text());
    }

    private static String readKernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version", "unknown");
        }
    }

    private static String readCpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
