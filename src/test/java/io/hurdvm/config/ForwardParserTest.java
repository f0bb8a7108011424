package io.hurdvm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.PortForward.Protocol;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ForwardParserTest {
    @Test
    void withoutBindAddress_listensOnLoopbackOnly_overTcp() {
        assertThat(ForwardParser.parse("8080:80")).isEqualTo(new PortForward("127.0.0.1", 8080, 80, Protocol.TCP));
    }

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0:8080:80,       0.0.0.0,   8080, 80, TCP",
            "5353:53/udp,           127.0.0.1, 5353, 53, UDP",
            "10.1.2.3:6000:6000/tcp, 10.1.2.3, 6000, 6000, TCP",
            "' 2000:22/UDP ',       127.0.0.1, 2000, 22, UDP",
            "80:8080,               127.0.0.1, 80,   8080, TCP"})
    void everyForm_isRead(String text, String bind, int host, int guest, Protocol protocol) {
        assertThat(ForwardParser.parse(text)).isEqualTo(new PortForward(bind, host, guest, protocol));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "8080|use [BIND:]HOSTPORT:GUESTPORT[/tcp|udp]",
            "a:b:c:d|use [BIND:]HOSTPORT:GUESTPORT[/tcp|udp]",
            "8080:80/sctp|the protocol must be tcp or udp",
            "0:80|the host port must be a number 1-65535",
            "8080:0|the guest port must be a number 1-65535",
            "70000:80|the host port must be a number 1-65535",
            "http:80|the host port must be a number 1-65535",
            "localhost:8080:80|the bind address must be an IPv4 address",
            "999.1.1.1:8080:80|invalid bind address '999.1.1.1'",
            "::1:8080:80|use [BIND:]HOSTPORT:GUESTPORT[/tcp|udp]"})
    void badForwards_areOneLine_namingTheFlagAndTheValue(String text, String why) {
        assertThatThrownBy(() -> ForwardParser.parse(text)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("invalid --forward '" + text + "': ").hasMessageContaining(why).hasMessageNotContaining("\n");
    }

    @Test
    void controlCharacters_areNotEchoed() {
        assertThatThrownBy(() -> ForwardParser.parse("80\u001b[2J:80")).hasMessageContaining("'80?[2J:80'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", " none ", ""})
    void none_isTheEmptyList(String text) {
        assertThat(ForwardParser.parseList(text)).isEmpty();
    }

    @Test
    void aList_roundTripsThroughItsText() {
        List<PortForward> list = ForwardParser.parseList("8080:80, 0.0.0.0:5353:53/udp");
        assertThat(list).containsExactly(new PortForward("127.0.0.1", 8080, 80), new PortForward("0.0.0.0", 5353, 53, Protocol.UDP));
        assertThat(ForwardParser.format(list)).isEqualTo("127.0.0.1:8080:80/tcp,0.0.0.0:5353:53/udp");
        assertThat(ForwardParser.parseList(ForwardParser.format(list))).isEqualTo(list);
        assertThat(ForwardParser.format(List.of())).isEqualTo("none");
    }
}
