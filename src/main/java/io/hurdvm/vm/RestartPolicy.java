package io.hurdvm.vm;

import java.time.Duration;

/**
 * What the supervisor does when QEMU exits without being asked to: nothing ({@code never}), or
 * restart it with exponential backoff up to {@code maxAttempts} times in a row.
 */
public record RestartPolicy(Mode mode, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public enum Mode { NEVER, ON_FAILURE }

    public RestartPolicy {
        if (maxAttempts < 0) {
            throw new InvalidSpecException("restart attempts must be >= 0, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidSpecException("restart backoff must be positive and max >= initial");
        }
    }

    public static RestartPolicy onFailure() {
        return new RestartPolicy(Mode.ON_FAILURE, 5, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public static RestartPolicy never() {
        return new RestartPolicy(Mode.NEVER, 0, Duration.ZERO, Duration.ZERO);
    }

    public static RestartPolicy parse(String text) {
        return switch (text.trim()) {
            case "never", "no" -> never();
            case "on-failure" -> onFailure();
            default -> throw new InvalidSpecException("unknown restart policy '" + text + "': use never or on-failure");
        };
    }

    /** Delay before attempt number {@code attempt} (1-based): initial * 2^(attempt-1), capped. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration d = initialBackoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
