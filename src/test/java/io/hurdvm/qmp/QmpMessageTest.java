package io.hurdvm.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Classification of QMP messages, using messages as QEMU 7.2 actually sends them. */
class QmpMessageTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void greeting_yieldsVersionPackageAndCapabilities() {
        QmpMessage message = parse("""
                {"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7},
                 "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}""");

        QmpGreeting greeting = ((QmpMessage.Greeting) message).greeting();
        assertThat(greeting.version()).isEqualTo(new QemuVersion(7, 2, 22, "Debian 1:7.2+dfsg-7+deb12u18+b3"));
        assertThat(greeting.version()).hasToString("7.2.22");
        assertThat(greeting.version().isAtLeast(7, 2)).isTrue();
        assertThat(greeting.version().isAtLeast(8, 0)).isFalse();
        assertThat(greeting.capabilities()).containsExactly("oob");
    }

    @Test
    void greeting_withoutVersion_isAProtocolError() {
        assertThatThrownBy(() -> parse("{\"QMP\": {\"capabilities\": []}}"))
                .isInstanceOf(QmpProtocolException.class)
                .hasMessageContaining("version");
    }

    @Test
    void returnReply_keepsIdAndResult() {
        QmpMessage message = parse("{\"return\": {\"status\": \"running\", \"running\": true}, \"id\": 42}");

        QmpMessage.Success success = (QmpMessage.Success) message;
        assertThat(success.id().asLong()).isEqualTo(42);
        assertThat(success.result().path("status").asText()).isEqualTo("running");
    }

    @Test
    void errorReply_keepsClassAndDescription() {
        QmpMessage message = parse("""
                {"id": 7, "error": {"class": "CommandNotFound", "desc": "The command nope has not been found"}}""");

        assertThat(message).isEqualTo(new QmpMessage.Failure(MAPPER.getNodeFactory().numberNode(7),
                "CommandNotFound", "The command nope has not been found"));
    }

    @Test
    void errorReplyWithoutId_hasMissingId() {
        QmpMessage message = parse("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error\"}}");

        assertThat(((QmpMessage.Failure) message).id().isMissingNode()).isTrue();
    }

    @Test
    void event_convertsMicrosecondTimestampAndKeepsData() {
        QmpMessage message = parse("""
                {"timestamp": {"seconds": 1700000000, "microseconds": 168668}, "event": "SHUTDOWN",
                 "data": {"guest": false, "reason": "host-qmp-quit"}}""");

        QmpEvent event = ((QmpMessage.Event) message).event();
        assertThat(event.name()).isEqualTo(QmpEvent.SHUTDOWN);
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2023-11-14T22:13:20.168668Z"));
        assertThat(event.data().path("reason").asText()).isEqualTo("host-qmp-quit");
        assertThat(QmpEvent.named(QmpEvent.SHUTDOWN, "reason", "host-qmp-quit")).accepts(event);
        assertThat(QmpEvent.named(QmpEvent.SHUTDOWN, "reason", "guest-shutdown")).rejects(event);
    }

    @Test
    void eventWithoutData_getsEmptyObject() {
        QmpMessage message = parse("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 0}, \"event\": \"STOP\"}");

        JsonNode data = ((QmpMessage.Event) message).event().data();
        assertThat(data.isObject()).isTrue();
        assertThat(data.isEmpty()).isTrue();
    }

    @Test
    void unknownShape_isUnrecognizedNotAnError() {
        assertThat(parse("{\"something\": \"new\"}")).isInstanceOf(QmpMessage.Unrecognized.class);
        assertThat(parse("[1, 2]")).isInstanceOf(QmpMessage.Unrecognized.class);
    }

    private static QmpMessage parse(String json) {
        try {
            return QmpMessage.parse(MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
