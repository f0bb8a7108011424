package io.hurdvm.vm;

import java.util.Locale;

/** Requested acceleration; {@link #AUTO} is resolved by measurement before QEMU starts. */
public enum Accel {
    AUTO, KVM, TCG;

    public static Accel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("invalid accel '" + text + "': use auto, kvm or tcg");
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
