package io.hurdvm.it.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code backup list --output json}; {@code schedule} is null for a backup made by hand. */
record BackupJson(String id, String time, String kind, String parent, long size, long dataBytes, boolean encrypted, String schedule) {
    static List<BackupJson> parse(String stdout) throws Exception {
        List<BackupJson> out = new ArrayList<>();
        for (JsonNode n : JsonFiles.MAPPER.readTree(stdout)) {
            out.add(new BackupJson(n.path("id").asText(), n.path("time").asText(), n.path("kind").asText(),
                    n.hasNonNull("parent") ? n.get("parent").asText() : null, n.path("size").asLong(),
                    n.path("dataBytes").asLong(), n.path("encrypted").asBoolean(),
                    n.hasNonNull("schedule") ? n.get("schedule").asText() : null));
        }
        return out;
    }
}
