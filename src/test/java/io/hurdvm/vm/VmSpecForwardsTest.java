package io.hurdvm.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.PortForward.Protocol;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forwards that would make QEMU fail at start are refused when the spec is built. */
class VmSpecForwardsTest {
    private static VmSpec.Builder spec(int sshPort) {
        return VmSpec.builder(InstanceName.of("vm"), Path.of("/img.qcow2")).ssh(PortForward.loopbackSsh(sshPort));
    }

    @Test
    void twoForwardsOnOneHostPort_areRefused_namingBoth() {
        assertThatThrownBy(() -> spec(0).forwards(List.of(new PortForward("127.0.0.1", 8080, 80),
                new PortForward("127.0.0.1", 8080, 81))).build()).isInstanceOf(InvalidSpecException.class)
                .hasMessage("forwards 127.0.0.1:8080:80/tcp and 127.0.0.1:8080:81/tcp use the same host port: give each forward its own");
    }

    @Test
    void theWildcardAddress_clashesWithEveryAddressOnThatPort() {
        assertThatThrownBy(() -> spec(0).forwards(List.of(new PortForward("0.0.0.0", 8080, 80),
                new PortForward("127.0.0.1", 8080, 81))).build()).hasMessageContaining("use the same host port");
    }

    @Test
    void sameHostPort_onOtherAddressesOrProtocols_isFine() {
        VmSpec s = spec(0).forwards(List.of(new PortForward("127.0.0.1", 8080, 80), new PortForward("127.0.0.2", 8080, 80),
                new PortForward("127.0.0.1", 8080, 80, Protocol.UDP))).build();
        assertThat(s.forwards()).hasSize(3);
    }

    @Test
    void aForwardOnTheSshPort_isRefused_butUdpOnItIsNot() {
        assertThatThrownBy(() -> spec(2222).forwards(List.of(new PortForward("127.0.0.1", 2222, 80))).build())
                .hasMessage("forward 127.0.0.1:2222:80/tcp uses SSH's host port 2222: choose another host port (or another --ssh-port)");
        assertThat(spec(2222).forwards(List.of(new PortForward("127.0.0.1", 2222, 53, Protocol.UDP))).build().forwards()).hasSize(1);
    }
}
