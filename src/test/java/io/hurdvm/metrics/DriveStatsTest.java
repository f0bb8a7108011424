package io.hurdvm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import org.junit.jupiter.api.Test;

class DriveStatsTest {
    /** Shape of QEMU 7.2's answer for hurdvm's disk (anonymous backend on node disk0), trimmed. */
    private static final String ANONYMOUS_BACKEND = """
            [{"device": "", "node-name": "disk0", "qdev": "/machine/peripheral-anon/device[1]",
              "stats": {"rd_bytes": 1048576, "wr_bytes": 4096, "rd_operations": 256, "wr_operations": 1,
                        "flush_operations": 0, "account_invalid": true, "timed_stats": []},
              "parent": {"node-name": "disk0-file", "stats": {"rd_bytes": 999, "wr_bytes": 999}}}]
            """;

    @Test
    void parse_namesAnAnonymousBackendByItsNode_andUsesTheGuestVisibleCounters() throws Exception {
        var drives = DriveStats.parse(json(ANONYMOUS_BACKEND));

        assertThat(drives).containsExactly(new DriveStats("disk0", 1048576, 4096, 256, 1));
    }

    @Test
    void parse_prefersTheBackendName_andSkipsEntriesWithNoName() throws Exception {
        var drives = DriveStats.parse(json("""
                [{"device": "cd0", "node-name": "#block123", "stats": {"rd_bytes": 10}},
                 {"device": "", "stats": {"rd_bytes": 20}}]
                """));

        assertThat(drives).extracting(DriveStats::drive).containsExactly("cd0");
    }

    @Test
    void parse_rejectsAnswersThatAreNotAList() throws Exception {
        assertThatThrownBy(() -> DriveStats.parse(json("{\"rd_bytes\": 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query-blockstats did not return a list");
    }

    private static JsonNode json(String s) throws Exception {
        return JsonFiles.MAPPER.readTree(s);
    }
}
