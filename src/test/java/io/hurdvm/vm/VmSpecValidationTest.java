package io.hurdvm.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VmSpecValidationTest {
    private static VmSpec.Builder base() {
        return VmSpec.builder(InstanceName.of("t"), Path.of("/img.qcow2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "../x", "x..y", "", "UPPER", "-lead", "with space", "x\n"})
    void names_withPathCharactersOrOddAlphabet_areRejected(String bad) {
        assertThatThrownBy(() -> InstanceName.of(bad)).isInstanceOf(InvalidSpecException.class)
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hurd", "ci-42", "a.b_c"})
    void names_inTheSafeAlphabet_areAccepted(String ok) {
        assertThat(InstanceName.of(ok).value()).isEqualTo(ok);
    }

    @Test
    void defaults_followTheHurdProfile() {
        VmSpec s = base().build();
        assertThat(s.profile()).isEqualTo(Profile.HURD_AMD64);
        assertThat(s.profile().machine()).isEqualTo("q35");
        assertThat(s.memoryMib()).isEqualTo(2048);
        assertThat(s.cpus()).isEqualTo(1);
        assertThat(s.ssh().hostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void i440fxProfile_refuses3584MiBWithTheReason() {
        assertThatThrownBy(() -> base().profile(Profile.I440FX_IDE).memoryMib(3584).build())
                .hasMessageContaining("rumpdisk").hasMessageContaining("hurd-amd64");
        assertThat(base().profile(Profile.I440FX_IDE).memoryMib(3583).build().memoryMib()).isEqualTo(3583);
        assertThat(base().memoryMib(8192).build().memoryMib()).isEqualTo(8192);
    }

    @Test
    void cpus_outOfRange_areRejected_andSmpIsFlaggedExperimental() {
        assertThatThrownBy(() -> base().cpus(0).build()).hasMessageContaining("--cpus 0");
        assertThat(base().cpus(2).build().smpExperimental()).isTrue();
    }

    @Test
    void restartBackoff_growsExponentiallyAndIsCapped() {
        RestartPolicy p = RestartPolicy.onFailure();
        assertThat(p.backoff(1).toSeconds()).isEqualTo(1);
        assertThat(p.backoff(3).toSeconds()).isEqualTo(4);
        assertThat(p.backoff(30).toSeconds()).isEqualTo(60);
    }
}
