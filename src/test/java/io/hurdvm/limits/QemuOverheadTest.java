package io.hurdvm.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QemuOverheadTest {

    @Test
    void default_is256MibPlusThreePercentRounded() {
        assertThat(QemuOverhead.DEFAULT.mibFor(2048)).isEqualTo(317);  // 61.44 -> 61
        assertThat(QemuOverhead.DEFAULT.mibFor(128)).isEqualTo(260);   // 3.84 -> 4
        assertThat(QemuOverhead.DEFAULT.mibFor(8192)).isEqualTo(502);  // 245.76 -> 246
        assertThat(QemuOverhead.DEFAULT).hasToString("256 MiB + 3% of guest RAM");
    }

    @Test
    void negativeOverheadIsRejected() {
        assertThatThrownBy(() -> new QemuOverhead(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QemuOverhead(256, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
