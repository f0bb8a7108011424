package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandResultTest {
    private static CommandResult failed(String stderr) {
        return new CommandResult(List.of("/usr/bin/qemu-img", "snapshot"), 1, "", stderr);
    }

    @Test
    void errorLine_keepsQemuImgsHintThatFollowsTheError() {
        String stderr = "qemu-img: Could not open 'd.qcow2': Failed to get \"write\" lock\nIs another process using the image [d.qcow2]?\n";
        assertThat(failed(stderr).lastErrorLine())
                .isEqualTo("qemu-img: Could not open 'd.qcow2': Failed to get \"write\" lock Is another process using the image [d.qcow2]?");
    }

    @Test
    void errorLine_skipsEarlierNoise_andCopesWithNoOutput() {
        assertThat(failed("qemu-img: old\nqemu-img: the error\n").lastErrorLine()).isEqualTo("qemu-img: the error");
        assertThat(failed("plain message\n").lastErrorLine()).isEqualTo("plain message");
        assertThat(failed("").lastErrorLine()).isEqualTo("(no error output)");
    }
}
