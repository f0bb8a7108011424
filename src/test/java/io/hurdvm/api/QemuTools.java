package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.qemu.CommandResult;
import io.hurdvm.qemu.ProcessCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** qemu-io and qemu-img for the backup route tests: write guest data into a disk, compare two disks' content. */
final class QemuTools {
    private QemuTools() {
    }

    static String run(String... argv) {
        CommandResult r = new ProcessCommandRunner().run(List.of(argv), Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.commandLine() + ": " + r.stdout() + r.stderr()).isZero();
        return r.stdout();
    }

    /** What the guest would read from both disks is identical (qemu-img compare exits 0), whatever their layout. */
    static void assertSameContent(Path a, Path b) {
        run("qemu-img", "compare", "-q", "-f", "qcow2", "-F", "qcow2", a.toString(), b.toString());
    }
}
