package io.hurdvm.guest;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines for provisioning.
 *
 * @param loginPrompt how long to wait for getty's login prompt (the guest may still be booting)
 * @param step        deadline for each later step; GNU/Hurd under TCG is slow, so be generous
 * @param resendEvery how often to press Enter again while waiting for a prompt
 */
public record ProvisioningTimeouts(Duration loginPrompt, Duration step, Duration resendEvery) {
    public ProvisioningTimeouts {
        Objects.requireNonNull(loginPrompt, "loginPrompt");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(resendEvery, "resendEvery");
        if (loginPrompt.isNegative() || loginPrompt.isZero() || step.isNegative() || step.isZero()
                || resendEvery.isNegative() || resendEvery.isZero()) {
            throw new IllegalArgumentException("provisioning timeouts must be positive");
        }
    }

    public static ProvisioningTimeouts defaults() {
        return new ProvisioningTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(5));
    }
}
