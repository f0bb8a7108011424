package io.hurdvm.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.errors.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job waiter through an executor without events (the supervisor's control socket): it polls
 * query-jobs until the job concludes, reports progress, and keeps its deadline. The event path runs
 * against real QEMU in SnapshotServiceIT.
 */
class QmpJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers query-jobs from a script of job states; records every other command. */
    static final class ScriptedQemu implements QmpExecutor {
        final List<String> commands = new ArrayList<>();
        final List<String> states;
        int polls;

        ScriptedQemu(String... states) {
            this.states = List.of(states);
        }

        @Override
        public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
            if (!command.equals("query-jobs")) {
                commands.add(command + (arguments == null ? "" : " " + arguments.path("job-id").asText(arguments.path("id").asText())));
                return JSON.createObjectNode();
            }
            ArrayNode jobs = JSON.createArrayNode();
            String state = states.get(Math.min(polls++, states.size() - 1));
            if (!state.equals("gone")) {
                ObjectNode job = jobs.addObject().put("id", lastJobId()).put("status", state.replace("+error", ""))
                        .put("current-progress", polls * 10).put("total-progress", 100);
                if (state.endsWith("+error")) {
                    job.put("error", "No space left on device");
                }
            }
            return jobs;
        }

        String lastJobId() {
            for (String c : commands.reversed()) {
                if (c.startsWith("snapshot-save ")) {
                    return c.substring("snapshot-save ".length());
                }
            }
            return "job-1";
        }
    }

    @Test
    void jobThatConcludes_isWaitedFor_thenDismissed() {
        ScriptedQemu qemu = new ScriptedQemu("running", "running", "concluded");
        assertThat(new QmpJobs(qemu).run("snapshot-save", JSON.createObjectNode(), Duration.ofSeconds(5))).isEmpty();
        assertThat(qemu.polls).isEqualTo(3);
        assertThat(qemu.commands).hasSize(2);
        assertThat(qemu.commands.get(0)).startsWith("snapshot-save hurdvm-snapshot-save-");
        assertThat(qemu.commands.get(1)).isEqualTo("job-dismiss " + qemu.commands.get(0).substring("snapshot-save ".length()));
    }

    @Test
    void jobThatFails_returnsQemusError() {
        ScriptedQemu qemu = new ScriptedQemu("running", "concluded+error");
        assertThat(new QmpJobs(qemu).run("snapshot-save", JSON.createObjectNode(), Duration.ofSeconds(5)))
                .contains("No space left on device");
    }

    @Test
    void progress_isReportedAtEveryLook() {
        ScriptedQemu qemu = new ScriptedQemu("running", "running", "concluded");
        List<Long> seen = new ArrayList<>();
        new QmpJobs(qemu).awaitConcluded("job-1", Duration.ofSeconds(5), (done, total) -> seen.add(done));
        assertThat(seen).containsExactly(10L, 20L, 30L);
    }

    @Test
    void jobThatVanishes_failsAtOnce() {
        ScriptedQemu qemu = new ScriptedQemu("running", "gone");
        assertThatThrownBy(() -> new QmpJobs(qemu).awaitConcluded("job-1", Duration.ofSeconds(5), QmpJobs.Progress.NONE))
                .isInstanceOfSatisfying(QmpJobException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILURE))
                .hasMessageContaining("vanished");
    }

    @Test
    void jobStillRunningAtTheDeadline_timesOut_andIsLeftRunning() {
        ScriptedQemu qemu = new ScriptedQemu("running");
        assertThatThrownBy(() -> new QmpJobs(qemu).awaitConcluded("job-1", Duration.ofMillis(300), QmpJobs.Progress.NONE))
                .isInstanceOfSatisfying(QmpJobException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT))
                .hasMessageContaining("still running");
        assertThat(qemu.commands).as("not cancelled, not dismissed").isEmpty();
    }
}
