package io.hurdvm.readiness;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Ready when every check is, tried one after the other; all share one deadline. */
public final class AllOf implements ReadinessCheck {
    private final List<ReadinessCheck> checks;

    public AllOf(List<ReadinessCheck> checks) {
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("allOf needs at least one readiness check");
        }
        this.checks = List.copyOf(checks);
    }

    @Override
    public void waitUntilReady(ReadinessTarget target, Duration timeout) {
        ReadinessDeadline deadline = ReadinessDeadline.after(timeout);
        for (ReadinessCheck check : checks) {
            try {
                check.waitUntilReady(target, deadline.remaining());
            } catch (ReadinessTimeoutException e) {
                // Report the whole wait, not the remainder the last check happened to get.
                throw new ReadinessTimeoutException(describe(target) + "; stuck at " + e.awaited(), timeout, e.lastFailure());
            } catch (GuestDiedException e) {
                throw new GuestDiedException(describe(target) + "; stuck at " + e.awaited(), e.lastConsoleLines());
            }
        }
    }

    @Override
    public String describe(ReadinessTarget target) {
        return checks.stream().map(c -> c.describe(target)).collect(Collectors.joining(", then "));
    }
}
