package io.hurdvm.qemu;

import io.hurdvm.vm.Accel;
import java.util.Objects;

/**
 * The accelerator QEMU will really use, with the reason shown to the user (for {@code auto} it names
 * the measurement it was based on). Never {@link Accel#AUTO}: that is resolved before argv is built.
 */
public record AccelDecision(Accel chosen, String reason) {
    public AccelDecision {
        Objects.requireNonNull(chosen, "chosen");
        if (chosen == Accel.AUTO) {
            throw new IllegalArgumentException("accel 'auto' must be resolved to kvm or tcg before QEMU is started");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an accel decision needs a reason");
        }
    }

    public static AccelDecision tcg(String reason) {
        return new AccelDecision(Accel.TCG, reason);
    }

    public static AccelDecision kvm(String reason) {
        return new AccelDecision(Accel.KVM, reason);
    }
}
