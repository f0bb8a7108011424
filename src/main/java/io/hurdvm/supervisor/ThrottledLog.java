package io.hurdvm.supervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a recurring failure at most once per reason per interval: an SSH wait retries every second for
 * minutes, and supervisor.log must stay readable (and small) meanwhile.
 */
final class ThrottledLog {
    private final Logger log;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

    ThrottledLog(Logger log, Duration interval, Clock clock) {
        this.log = log;
        this.interval = interval;
        this.clock = clock;
    }

    /** Logs {@code message} at WARN unless the same {@code reason} was logged within the interval. */
    boolean warn(String reason, String message) {
        Instant now = clock.instant();
        Instant last = lastLogged.get(reason);
        if (last != null && Duration.between(last, now).compareTo(interval) < 0) {
            return false;
        }
        lastLogged.put(reason, now);
        log.warn(message);
        return true;
    }
}
