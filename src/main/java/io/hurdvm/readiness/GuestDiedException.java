package io.hurdvm.readiness;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

import java.util.List;

/**
 * The guest's QEMU process exited while we waited for it to become ready. Carries the console's last
 * lines, which usually say why (a kernel panic, a failed root mount).
 */
public class GuestDiedException extends HurdvmException {
    private final String awaited;
    private final List<String> lastConsoleLines;

    public GuestDiedException(String awaited, List<String> lastConsoleLines) {
        super(ErrorKind.VM_FAILED, "the guest's QEMU process exited while waiting for " + awaited
                + "; see the console log for the guest's last words");
        this.awaited = awaited;
        this.lastConsoleLines = List.copyOf(lastConsoleLines);
    }

    public String awaited() {
        return awaited;
    }

    public List<String> lastConsoleLines() {
        return lastConsoleLines;
    }
}
