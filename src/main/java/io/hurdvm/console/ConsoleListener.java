package io.hurdvm.console;

import java.time.Instant;

/**
 * Line-based observer of the serial console (boot-phase tracking, readiness hints). Called on the
 * serial reader thread: implementations must be quick and must not block, or console output stalls.
 */
public interface ConsoleListener {
    /** A new QEMU process started at {@code qemuStart}; what was seen before belongs to an old boot. */
    default void bootStarted(Instant qemuStart) {
    }

    void onLine(ConsoleLine line);
}
