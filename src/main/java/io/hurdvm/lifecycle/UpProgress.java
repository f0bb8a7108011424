package io.hurdvm.lifecycle;

import java.time.Duration;

/**
 * Where a boot is while {@code up} waits: the latest boot phase (or the supervisor's state before the
 * first phase), the time since the wait began, and the supervisor's last word.
 */
public record UpProgress(String phase, Duration elapsed, String message) {
}
