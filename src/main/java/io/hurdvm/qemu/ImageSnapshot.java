package io.hurdvm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * An internal qcow2 snapshot as {@code qemu-img info --output=json} lists it.
 *
 * @param vmStateSize bytes of saved RAM/device state; 0 for a disk-only snapshot taken by qemu-img
 * @param vmClock     guest clock at the time of the snapshot
 */
public record ImageSnapshot(String id, String name, long vmStateSize, Instant created, Duration vmClock) {
    static ImageSnapshot fromJson(JsonNode node) {
        return new ImageSnapshot(
                node.path("id").asText(),
                node.path("name").asText(),
                node.path("vm-state-size").asLong(),
                Instant.ofEpochSecond(node.path("date-sec").asLong(), node.path("date-nsec").asLong()),
                Duration.ofSeconds(node.path("vm-clock-sec").asLong(), node.path("vm-clock-nsec").asLong()));
    }
}
