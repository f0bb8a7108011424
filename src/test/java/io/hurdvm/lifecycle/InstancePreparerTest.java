package io.hurdvm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.qemu.CommandResult;
import io.hurdvm.qemu.CommandRunner;
import io.hurdvm.qemu.ProcessCommandRunner;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image checks of {@code up} with the real qemu-img, counting its runs. */
class InstancePreparerTest {
    @TempDir Path tmp;
    private final List<List<String>> runs = new ArrayList<>();
    private final CommandRunner counting = new CommandRunner() {
        private final ProcessCommandRunner real = new ProcessCommandRunner();

        @Override
        public CommandResult run(List<String> argv, Duration timeout) {
            runs.add(argv);
            return real.run(argv, timeout);
        }
    };

    @Test
    void checksBeforeAndAfterTheLockAndTheOverlaysCreation_runQemuImgInfoOnceForTheCheck_andAgainWhenTheImageChanged() throws Exception {
        Path base = tmp.resolve("base.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", base.toString(), "16M");
        Path home = Files.createDirectories(tmp.resolve("home"));
        InstanceStore store = new InstanceStore(home, HostEnvironment.empty());
        InstancePreparer preparer = new InstancePreparer(store, new QemuImgCli(counting, "qemu-img", Duration.ofMinutes(1)));
        VmSpec spec = VmSpec.builder(InstanceName.of("vm"), base).build();

        preparer.validate(spec, false);
        preparer.validate(spec, false);
        assertThat(infoRuns()).as("the second check of the same file: remembered").isEqualTo(1);

        Files.setLastModifiedTime(base, FileTime.from(Instant.now().plusSeconds(5)));
        preparer.validate(spec, false);
        assertThat(infoRuns()).as("a changed file is checked again").isEqualTo(2);

        preparer.create(spec);
        assertThat(store.exists(spec.name())).isTrue();
        // The overlay is made with the format and size the check read: no run of its own.
        assertThat(infoRuns()).isEqualTo(2);
        assertThat(new QemuImgCli().info(store.paths(spec.name()).disk()).virtualSize()).isEqualTo(16L << 20);
        assertThat(runs.stream().filter(a -> a.contains("create")).count()).isEqualTo(1);
    }

    private long infoRuns() {
        return runs.stream().filter(a -> a.contains("info")).count();
    }

    private static void qemuImg(String... args) {
        List<String> argv = new ArrayList<>(List.of("qemu-img"));
        argv.addAll(List.of(args));
        assertThat(new ProcessCommandRunner().run(argv, Duration.ofMinutes(1)).exitCode()).isZero();
    }
}
