package io.hurdvm.storage.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * How a scheduled run ended.
 *
 * @param finished when the action returned or failed
 * @param message  what it did (e.g. the snapshot it made and what retention deleted) or why it failed
 */
public record RunResult(boolean ok, Instant finished, String message) {
    public RunResult {
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(message, "message");
    }

    public String describe() {
        return (ok ? "ok: " : "failed: ") + message;
    }
}
