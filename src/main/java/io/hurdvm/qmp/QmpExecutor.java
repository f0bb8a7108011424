package io.hurdvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * Something that runs QMP commands: a direct {@link QmpClient} inside the supervisor, or the
 * supervisor's control socket from another process. Storage code (snapshots, backups) is written
 * against this so it works from both.
 */
public interface QmpExecutor {
    /** Runs {@code command}; errors are {@link QmpCommandException} (QMP said no) or other {@link QmpException}s. */
    JsonNode execute(String command, ObjectNode arguments, Duration timeout);
}
