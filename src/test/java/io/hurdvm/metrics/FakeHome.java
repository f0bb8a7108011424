package io.hurdvm.metrics;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.vm.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A HURDVM_HOME with instance folders written the way hurdvm writes them (spec.json, state.json, a real
 * qcow2 overlay made by qemu-img), for exporter tests that need no running VM.
 */
final class FakeHome {
    private final Path home;

    FakeHome(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    Path instanceDir(String name) {
        return home.resolve("instances").resolve(name);
    }

    /** An instance that ran once (booted in 42.5 s, restarted twice) and was stopped by its operator. */
    Path stoppedInstance(String name) throws IOException, InterruptedException {
        InstanceState state = InstanceState.created().toBuilder().state(VmState.STOPPED).restarts(2).bootMillis(42_500L)
                .message("stopped").build();
        return instance(name, state);
    }

    Path instance(String name, InstanceState state) throws IOException, InterruptedException {
        Path dir = instanceDir(name);
        Files.createDirectories(dir);
        VmSpec spec = VmSpec.builder(InstanceName.of(name), home.resolve("base.qcow2")).memoryMib(512).cpus(2).build();
        JsonFiles.writeAtomically(dir.resolve("spec.json"), StoredSpec.from(spec));
        JsonFiles.writeAtomically(dir.resolve("state.json"), state);
        return dir;
    }

    /** A real qcow2 overlay with one internal snapshot, made by qemu-img. */
    Path diskWithSnapshot(String name) throws IOException, InterruptedException {
        Path disk = instanceDir(name).resolve("disk.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M");
        run("qemu-img", "snapshot", "-c", "before-upgrade", disk.toString());
        return disk;
    }

    static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not finish within 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed: " + out);
        }
    }
}
