package io.hurdvm.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a boot on the serial console: each configured phase is recorded the first time a console
 * line matches it, with its time since QEMU started. Phases only move forward: once a later phase was
 * seen, an earlier one's text (a user running {@code update-grub} at the login prompt) is ignored.
 * Phases may be skipped: a guest booted without GRUB on the serial port goes straight to KERNEL.
 */
public final class BootPhaseTracker implements ConsoleListener {
    private static final Logger LOG = LoggerFactory.getLogger(BootPhaseTracker.class);

    private final List<PhasePattern> patterns;
    private final List<Consumer<BootPhase>> callbacks = new CopyOnWriteArrayList<>();
    private Instant bootStart;
    private int reachedIndex = -1;
    private List<BootPhase> reached = List.of();

    public BootPhaseTracker(List<PhasePattern> patterns) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("boot phase tracker needs at least one phase pattern");
        }
        this.patterns = List.copyOf(patterns);
    }

    public static BootPhaseTracker withDefaults() {
        return new BootPhaseTracker(PhasePattern.defaults());
    }

    /** {@code callback} runs on the serial reader thread for every phase reached; keep it short. */
    public void onPhaseReached(Consumer<BootPhase> callback) {
        callbacks.add(callback);
    }

    /** Phases reached in the current boot, in order. */
    public synchronized List<BootPhase> phases() {
        return reached;
    }

    public synchronized Optional<BootPhase> latest() {
        return reached.isEmpty() ? Optional.empty() : Optional.of(reached.getLast());
    }

    @Override
    public synchronized void bootStarted(Instant qemuStart) {
        bootStart = qemuStart;
        reachedIndex = -1;
        reached = List.of();
    }

    @Override
    public void onLine(ConsoleLine line) {
        BootPhase phase = match(line);
        if (phase == null) {
            return;
        }
        LOG.info("guest reached boot phase {} after {} ms", phase.name(), phase.sinceStart().toMillis());
        for (Consumer<BootPhase> callback : callbacks) {
            try {
                callback.accept(phase);
            } catch (RuntimeException e) {
                LOG.warn("boot phase callback failed for {}: {}", phase.name(), e.toString());
            }
        }
    }

    /**
     * Records and returns the phase this line reaches, or null. When a line matches several phases the
     * earliest wins: boot loaders name later stages (Debian's menu entry reads "Debian GNU/Hurd, with
     * GNU Mach 1.8..."), while a kernel or login prompt does not name the boot loader.
     */
    private synchronized BootPhase match(ConsoleLine line) {
        if (bootStart == null) {
            bootStart = line.at(); // no start was announced: measure from the first output seen
        }
        for (int i = reachedIndex + 1; i < patterns.size(); i++) {
            PhasePattern p = patterns.get(i);
            if (p.pattern().matcher(line.text()).find()) {
                BootPhase phase = new BootPhase(p.name(), Duration.between(bootStart, line.at()), line.at());
                List<BootPhase> next = new ArrayList<>(reached);
                next.add(phase);
                reached = List.copyOf(next);
                reachedIndex = i;
                return phase;
            }
        }
        return null;
    }
}
