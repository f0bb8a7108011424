package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** On this kind of machine /dev/kvm is present but slower than TCG: auto must pick TCG and say why. */
class AccelIT {
    @Test
    void autoAccel_choosesTcg_andSaysWhy() throws Exception {
        try (HurdvmProcess hv = new HurdvmProcess()) {
            var up = hv.run("up", "acc", "--image", TestGuests.linuxGuest().toString(), "--memory", "256", "--wait", "none");
            assertThat(up.exitCode()).as(up.all()).isZero();
            assertThat(up.stderr()).contains("acceleration: tcg (");
            var status = hv.run("status", "acc").stdout();
            assertThat(status).containsPattern("accel: +tcg \\(.+\\)");
            if (Files.exists(Path.of("/dev/kvm"))) {
                assertThat(status).containsAnyOf("slower", "permission", "did not finish", "failed");
            } else {
                assertThat(status).contains("/dev/kvm");
            }
            assertThat(hv.run("down", "acc", "--force").exitCode()).isZero();
        }
    }
}
