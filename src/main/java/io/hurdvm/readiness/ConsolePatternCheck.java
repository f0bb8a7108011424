package io.hurdvm.readiness;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Ready when the console output of the current boot matches a pattern, e.g. {@code login:}. Wakes on
 * new console output (no polling); the wait is cut into {@link ReadinessDeadline#LIVENESS_INTERVAL} slices only
 * to notice a dead QEMU quickly.
 */
public final class ConsolePatternCheck implements ReadinessCheck {
    private final Pattern pattern;

    public ConsolePatternCheck(Pattern pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public void waitUntilReady(ReadinessTarget target, Duration timeout) {
        ReadinessDeadline deadline = ReadinessDeadline.after(timeout);
        String awaited = describe(target);
        while (true) {
            deadline.requireAlive(target, awaited);
            try {
                if (target.console().awaitPattern(pattern, deadline.within(ReadinessDeadline.LIVENESS_INTERVAL))) {
                    return;
                }
            } catch (InterruptedException e) {
                throw ReadinessDeadline.interrupted();
            }
            if (deadline.passed()) {
                throw deadline.timedOut(awaited, null);
            }
        }
    }

    @Override
    public String describe(ReadinessTarget target) {
        return "console output matching /" + pattern.pattern() + "/";
    }
}
