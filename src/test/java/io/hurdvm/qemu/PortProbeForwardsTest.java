package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.PortForward.Protocol;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Real sockets: a forward whose host side cannot be bound is refused in one line before QEMU starts. */
class PortProbeForwardsTest {
    @Test
    void busyTcpPort_isRefused_namingTheForward() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> PortProbe.requireFree(new PortForward("127.0.0.1", port, 80))).isInstanceOf(PortInUseException.class)
                    .hasMessage("forward 127.0.0.1:" + port + ":80/tcp: port " + port + "/tcp on 127.0.0.1 is already in use: choose another host port");
            // The same number over UDP is another socket.
            PortProbe.requireFree(new PortForward("127.0.0.1", port, 80, Protocol.UDP));
        }
    }

    @Test
    void busyUdpPort_isRefused_evenThoughUdpAllowsAddressReuse() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            assertThat(PortProbe.probe(Protocol.UDP, "127.0.0.1", port)).isEqualTo(PortProbe.Verdict.IN_USE);
            assertThatThrownBy(() -> PortProbe.requireFree(new PortForward("127.0.0.1", port, 53, Protocol.UDP)))
                    .hasMessageContaining("port " + port + "/udp on 127.0.0.1 is already in use");
        }
    }

    @Test
    void anAddressThisHostDoesNotHave_isRefused() {
        // 192.0.2.0/24 is TEST-NET-1: never assigned to a host.
        assertThatThrownBy(() -> PortProbe.requireFree(new PortForward("192.0.2.1", 8080, 80)))
                .hasMessage("forward 192.0.2.1:8080:80/tcp: 192.0.2.1 is not an address of this host: use 127.0.0.1 (the default),"
                        + " 0.0.0.0 or an address this host has");
    }

    @Test
    void theKernelsReasons_areToldApart() {
        assertThat(PortProbe.classify("Permission denied")).isEqualTo(PortProbe.Verdict.NOT_PERMITTED);
        assertThat(PortProbe.classify("Address already in use")).isEqualTo(PortProbe.Verdict.IN_USE);
        assertThat(PortProbe.classify("Cannot assign requested address")).isEqualTo(PortProbe.Verdict.NOT_LOCAL);
    }
}
