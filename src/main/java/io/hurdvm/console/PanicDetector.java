package io.hurdvm.console;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Spots a kernel panic on the console, so a wait ends at once with the panic line instead of running
 * into its timeout. GNU Mach prints {@code panic ../kern/bootstrap.c:181: ...} (and stays up, or
 * resets the machine a minute later); Linux prints {@code Kernel panic - not syncing: ...}.
 * Reports the first panic of a boot only: what follows it is noise.
 */
public final class PanicDetector implements ConsoleListener {
    static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("^\\s*panic(?: \\S+:\\d+)?: "),
            Pattern.compile("Kernel panic - not syncing"));

    private final Consumer<ConsoleLine> onPanic;
    private boolean reported;

    public PanicDetector(Consumer<ConsoleLine> onPanic) {
        this.onPanic = onPanic;
    }

    @Override
    public synchronized void bootStarted(Instant qemuStart) {
        reported = false;
    }

    @Override
    public void onLine(ConsoleLine line) {
        if (!line.complete() || !isPanic(line.text())) {
            return;
        }
        synchronized (this) {
            if (reported) {
                return;
            }
            reported = true;
        }
        onPanic.accept(line);
    }

    static boolean isPanic(String text) {
        return PATTERNS.stream().anyMatch(p -> p.matcher(text).find());
    }
}
