package io.hurdvm.supervisor;

import io.hurdvm.vm.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether an unexpected QEMU exit is followed by a restart, and after what delay.
 * Attempts count consecutive failures; a run that stayed up for {@link #STABLE_RUN} resets the
 * count, so a VM that crashes once a week is never declared a crash loop.
 */
public final class RestartTracker {
    static final Duration STABLE_RUN = Duration.ofMinutes(5);

    private final RestartPolicy policy;
    private int consecutiveFailures;
    private int totalRestarts;

    public RestartTracker(RestartPolicy policy, int totalRestartsSoFar) {
        this.policy = policy;
        this.totalRestarts = totalRestartsSoFar;
    }

    /** Returns the backoff before restarting, or empty when the policy gives up (crash loop or never). */
    public Optional<Duration> onUnexpectedExit(Instant startedAt, Instant exitedAt) {
        if (Duration.between(startedAt, exitedAt).compareTo(STABLE_RUN) >= 0) {
            consecutiveFailures = 0;
        }
        consecutiveFailures++;
        if (policy.mode() == RestartPolicy.Mode.NEVER || consecutiveFailures > policy.maxAttempts()) {
            return Optional.empty();
        }
        totalRestarts++;
        return Optional.of(policy.backoff(consecutiveFailures));
    }

    /** True once the policy has given up after repeated failures. */
    public boolean crashLoop() {
        return policy.mode() == RestartPolicy.Mode.ON_FAILURE && consecutiveFailures > policy.maxAttempts();
    }

    public int totalRestarts() {
        return totalRestarts;
    }
}
