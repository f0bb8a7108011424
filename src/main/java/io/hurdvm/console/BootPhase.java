package io.hurdvm.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A boot phase the guest reached, as recognised on its serial console.
 *
 * @param name       phase name, e.g. {@code KERNEL}
 * @param sinceStart time from QEMU's start to the console line that showed the phase
 * @param at         wall-clock time of that line
 */
public record BootPhase(String name, Duration sinceStart, Instant at) {
    public BootPhase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sinceStart, "sinceStart");
        Objects.requireNonNull(at, "at");
        if (name.isBlank()) {
            throw new IllegalArgumentException("boot phase name is blank");
        }
    }
}
