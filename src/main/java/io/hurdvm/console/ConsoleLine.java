package io.hurdvm.console;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of console output as plain text (escape sequences and CRs removed).
 *
 * @param text     the line without its terminator
 * @param complete false while the guest has not ended the line yet; a prompt such as {@code login: }
 *                 is never ended, so listeners see it (and, as it grows, again) with {@code complete == false}
 * @param at       when the supervisor read the line's last character
 */
public record ConsoleLine(String text, boolean complete, Instant at) {
    public ConsoleLine {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
