package io.hurdvm.readiness;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

import java.time.Duration;

/** The guest did not become ready in time. The message names what was awaited and for how long. */
public class ReadinessTimeoutException extends HurdvmException {
    private final String awaited;
    private final Duration timeout;
    private final String lastFailure;

    /**
     * @param lastFailure why the last attempt failed (e.g. {@code connection refused}), or null
     */
    public ReadinessTimeoutException(String awaited, Duration timeout, String lastFailure) {
        super(ErrorKind.TIMEOUT, "timed out after " + ReadinessDeadline.human(timeout) + " waiting for " + awaited
                + (lastFailure == null ? "" : " (last attempt: " + lastFailure + ")"));
        this.awaited = awaited;
        this.timeout = timeout;
        this.lastFailure = lastFailure;
    }

    public String awaited() {
        return awaited;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Why the last attempt failed, or null when the check has no attempts (a console pattern). */
    public String lastFailure() {
        return lastFailure;
    }
}
