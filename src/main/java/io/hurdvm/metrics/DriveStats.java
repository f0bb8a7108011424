package io.hurdvm.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Guest-visible I/O counters of one drive, from QMP {@code query-blockstats}. They count what the
 * guest asked of the device since QEMU started (a QEMU restart starts them at 0 again, which
 * Prometheus treats as a counter reset).
 *
 * @param drive the block backend's name, or for an anonymous backend (hurdvm attaches its disk with
 *              {@code -device ide-hd,drive=disk0}) the node name, {@code disk0}
 */
record DriveStats(String drive, long readBytes, long writeBytes, long readOperations, long writeOperations) {
    DriveStats {
        if (drive == null || drive.isEmpty()) {
            throw new IllegalArgumentException("drive name must not be empty");
        }
    }

    /** Parses the return value of {@code query-blockstats}; entries without any name are skipped. */
    static List<DriveStats> parse(JsonNode blockstats) {
        if (!blockstats.isArray()) {
            throw new IllegalArgumentException("query-blockstats did not return a list: " + blockstats.getNodeType());
        }
        List<DriveStats> drives = new ArrayList<>();
        for (JsonNode entry : blockstats) {
            String name = firstNonEmpty(entry.path("device").asText(""), entry.path("node-name").asText(""),
                    entry.path("qdev").asText(""));
            if (name.isEmpty()) {
                continue;
            }
            JsonNode s = entry.path("stats");
            drives.add(new DriveStats(name, s.path("rd_bytes").asLong(), s.path("wr_bytes").asLong(),
                    s.path("rd_operations").asLong(), s.path("wr_operations").asLong()));
        }
        return List.copyOf(drives);
    }

    private static String firstNonEmpty(String... candidates) {
        for (String c : candidates) {
            if (!c.isEmpty()) {
                return c;
            }
        }
        return "";
    }
}
