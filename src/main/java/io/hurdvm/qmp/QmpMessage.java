package io.hurdvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message QEMU sends on a QMP socket, classified by the member that identifies its kind in the QMP
 * specification: {@code QMP} (greeting), {@code return} / {@code error} (reply), {@code event}.
 */
sealed interface QmpMessage {

    record Greeting(QmpGreeting greeting) implements QmpMessage {}

    /** @param id the {@code id} echoed from the request; missing when QEMU could not read the request's id */
    record Success(JsonNode id, JsonNode result) implements QmpMessage {}

    record Failure(JsonNode id, String errorClass, String description) implements QmpMessage {}

    record Event(QmpEvent event) implements QmpMessage {}

    /** Anything else: logged and ignored rather than fatal, so a newer QEMU cannot break the reader. */
    record Unrecognized(JsonNode raw) implements QmpMessage {}

    static QmpMessage parse(JsonNode json) {
        if (!json.isObject()) {
            return new Unrecognized(json);
        }
        if (json.has("QMP")) {
            return new Greeting(parseGreeting(json.get("QMP")));
        }
        JsonNode id = json.path("id");
        if (json.has("return")) {
            return new Success(id, json.get("return"));
        }
        if (json.has("error")) {
            JsonNode error = json.get("error");
            return new Failure(id, error.path("class").asText("GenericError"), error.path("desc").asText(""));
        }
        if (json.path("event").isTextual()) {
            JsonNode data = json.has("data") ? json.get("data") : JsonNodeFactory.instance.objectNode();
            return new Event(new QmpEvent(json.get("event").asText(), data, parseTimestamp(json.path("timestamp"))));
        }
        return new Unrecognized(json);
    }

    private static QmpGreeting parseGreeting(JsonNode qmp) {
        JsonNode qemu = qmp.path("version").path("qemu");
        if (!qemu.path("major").canConvertToInt() || !qemu.path("minor").canConvertToInt()) {
            throw new QmpProtocolException("QMP greeting lacks version.qemu.major/minor: " + qmp
                    + "; is this socket really a QEMU QMP monitor?");
        }
        QemuVersion version = new QemuVersion(qemu.get("major").asInt(), qemu.get("minor").asInt(),
                qemu.path("micro").asInt(0), qmp.path("version").path("package").asText("").strip());
        List<String> capabilities = new ArrayList<>();
        qmp.path("capabilities").forEach(capability -> capabilities.add(capability.asText()));
        return new QmpGreeting(version, capabilities);
    }

    /** QEMU stamps events with {@code {"seconds": s, "microseconds": us}} since the Unix epoch. */
    private static Instant parseTimestamp(JsonNode timestamp) {
        if (timestamp instanceof MissingNode || !timestamp.path("seconds").canConvertToLong()) {
            return Instant.EPOCH;
        }
        return Instant.ofEpochSecond(timestamp.get("seconds").asLong(),
                timestamp.path("microseconds").asLong(0) * 1_000L);
    }
}
