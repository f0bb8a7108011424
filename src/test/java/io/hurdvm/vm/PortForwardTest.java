package io.hurdvm.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortForwardTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.2.15", "192.168.100.1"})
    void ipv4Addresses_areAccepted(String address) {
        assertThat(new PortForward(address, 2222, 22).qemuHostfwd()).isEqualTo("tcp:" + address + ":2222-:22");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.999.999.999", "256.0.0.1", "1.2.3.256", "127.0.0.01", "1.2.3", "1.2.3.4.5", "localhost",
            "::1", "", " 127.0.0.1", "127.0.0.1\n", "1234.0.0.1"})
    void anythingElse_isRefusedNamingTheSetting(String address) {
        assertThatThrownBy(() -> PortForward.requireIpv4("ssh-bind", address)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("invalid ssh-bind '").hasMessageContaining("four numbers 0-255").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> new PortForward(address, 0, 22)).isInstanceOf(InvalidSpecException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void portsOutOfRange_areRefused(int port) {
        assertThatThrownBy(() -> new PortForward("127.0.0.1", port, 22)).hasMessageContaining("use 1-65535");
    }
}
