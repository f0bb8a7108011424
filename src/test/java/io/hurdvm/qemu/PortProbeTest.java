package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Real sockets on 127.0.0.1. */
class PortProbeTest {
    @Test
    void listeningPort_isNotFree_andSshMessageNamesTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(PortProbe.isFree("127.0.0.1", port)).isFalse();
            assertThatThrownBy(() -> PortProbe.requireSshPortFree("127.0.0.1", port))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("SSH port " + port + " on 127.0.0.1 is already in use: choose another with --ssh-port");
        }
    }

    @Test
    void pickedPort_isFreeAndBindable() throws Exception {
        int port = PortProbe.pickFreePort("127.0.0.1");
        assertThat(port).isBetween(1024, 65535);
        assertThat(PortProbe.isFree("127.0.0.1", port)).isTrue();
        PortProbe.requireSshPortFree("127.0.0.1", port);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
