package io.hurdvm.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void human_usesBytesBelowOneKiB_andOneDecimalInBinaryUnitsAbove() {
        assertThat(ByteSize.human(0)).isEqualTo("0 B");
        assertThat(ByteSize.human(1023)).isEqualTo("1023 B");
        assertThat(ByteSize.human(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSize.human(5L << 20)).isEqualTo("5.0 MiB");
        assertThat(ByteSize.human(3L << 40)).isEqualTo("3.0 TiB");
        assertThat(ByteSize.human(4096L << 40)).isEqualTo("4096.0 TiB");
    }
}
