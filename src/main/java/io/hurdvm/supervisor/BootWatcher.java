package io.hurdvm.supervisor;

import io.hurdvm.console.BootPhase;
import io.hurdvm.console.BootPhaseTracker;
import io.hurdvm.console.ConsoleBuffer;
import io.hurdvm.console.ConsoleLine;
import io.hurdvm.instance.InstanceState.PhaseRecord;
import io.hurdvm.instance.ProvisionState;
import io.hurdvm.readiness.GuestDiedException;
import io.hurdvm.readiness.ReadinessCheck;
import io.hurdvm.readiness.ReadinessTarget;
import io.hurdvm.readiness.ReadinessTimeoutException;
import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one boot: records boot phases as the console shows them, then runs the console
 * readiness check and, once the console is ready, the guest-access step (provisioning and SSH).
 * A kernel panic on the console ends the boot's wait at once.
 */
final class BootWatcher {
    /** What runs after the console is ready: returns true when an authenticated SSH command works. */
    @FunctionalInterface
    interface GuestAccessStep {
        boolean establish(ReadinessTarget target, Duration timeout) throws InterruptedException;

        /** Then, with SSH ready and recorded: the user's provision scripts. */
        default void afterSshReady(ReadinessTarget target) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BootWatcher.class);
    private final StateRecorder recorder;
    private final BootPhaseTracker phases;
    private final ConsoleBuffer console;
    private final ReadinessCheck consoleReady;
    private final GuestAccessStep guestAccess;
    /** For a run that resumed a template's state: its first SSH contact, clock and identity. */
    private volatile GuestAccessStep restoredAccess;
    private final String sshHost;
    private final Duration bootTimeout;
    private volatile Thread thread;

    BootWatcher(StateRecorder recorder, BootPhaseTracker phases, ConsoleBuffer console, ReadinessCheck consoleReady,
                GuestAccessStep guestAccess, String sshHost, Duration bootTimeout) {
        this.recorder = recorder;
        this.phases = phases;
        this.console = console;
        this.consoleReady = consoleReady;
        this.guestAccess = guestAccess;
        this.sshHost = sshHost;
        this.bootTimeout = bootTimeout;
        phases.onPhaseReached(this::recordPhase);
    }

    /** What a restored run does instead of waiting for the console: it is at a login prompt already. */
    BootWatcher onRestored(GuestAccessStep step) {
        this.restoredAccess = step;
        return this;
    }

    private void recordPhase(BootPhase p) {
        List<PhaseRecord> all = phases.phases().stream()
                .map(x -> new PhaseRecord(x.name(), x.sinceStart().toMillis(), x.at())).toList();
        recorder.update(b -> b.bootPhases(all));
    }

    /** The console showed a kernel panic: no readiness will come from this boot. */
    void panicked(ConsoleLine line) {
        recorder.update(b -> isBootingOrRunning() ? b.state(VmState.PANICKED).consoleReady(false).sshReady(false)
                .message("the guest kernel panicked: " + line.text().strip()) : b);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    void watch(VmRun run) {
        if (!run.adopted() && run.restoredFrom().isEmpty()) {
            phases.bootStarted(run.process().startedAt());
        }
        ReadinessTarget target = new ReadinessTarget() {
            @Override public ConsoleBuffer console() { return console; }
            @Override public String host() { return sshHost; }
            @Override public int sshPort() { return recorder.current().sshPort(); }
            @Override public boolean processAlive() { return run.process().isAlive(); }
        };
        thread = Thread.ofPlatform().daemon().name("boot-watcher").start(() -> follow(run, target));
    }

    private void follow(VmRun run, ReadinessTarget target) {
        try {
            if (run.restoredFrom().isPresent()) {
                followRestored(run, target);
                return;
            }
            if (run.adopted() && recorder.current().consoleReady()) {
                // The login prompt of an adopted boot was seen by the previous supervisor; it will not come again.
                recorder.update(b -> stillBooting() ? b.state(VmState.RUNNING).sshReady(false) : b);
            } else {
                consoleReady.waitUntilReady(target, bootTimeout);
                long bootMillis = Duration.between(run.process().startedAt(), Instant.now()).toMillis();
                // A healthy boot ends an earlier crash loop: the alert must not keep firing on a VM that runs.
                recorder.update(b -> stillBooting()
                        ? b.state(VmState.RUNNING).consoleReady(true).crashLoop(false).bootMillis(bootMillis)
                                .message("login prompt on the console after " + bootMillis / 1000.0 + "s")
                        : b);
            }
            if (guestAccess != null && guestAccess.establish(target, bootTimeout)) {
                // Provision scripts start with SSH ready: 'up --wait ssh' waits for both, 'hurdvm ssh' works meanwhile.
                recorder.update(b -> recorder.current().state() == VmState.RUNNING
                        ? b.sshReady(true).crashLoop(false).provision(ProvisionState.running()).message("ssh ready") : b);
                guestAccess.afterSshReady(target);
            }
        } catch (ReadinessTimeoutException e) {
            recorder.update(b -> isBootingOrRunning() ? b.message("not ready: " + e.getMessage()) : b);
        } catch (GuestDiedException e) {
            LOG.debug("boot watcher: QEMU exited during boot");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.CancellationException e) {
            LOG.debug("boot watcher: interrupted ({})", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("boot watcher failed", e);
            recorder.update(b -> isBootingOrRunning() ? b.message("readiness check failed: " + e.getMessage()) : b);
        }
    }

    /** The guest was saved at a login prompt with SSH ready: only its identity is left to make. */
    private void followRestored(VmRun run, ReadinessTarget target) throws InterruptedException {
        long millis = Duration.between(run.process().startedAt(), Instant.now()).toMillis();
        recorder.update(b -> stillBooting()
                ? b.state(VmState.RUNNING).consoleReady(true).crashLoop(false).bootMillis(millis)
                        .message("resumed template " + run.restoredFrom().get() + " after " + millis / 1000.0 + "s; making its identity")
                : b);
        GuestAccessStep step = restoredAccess != null ? restoredAccess : guestAccess;
        if (step != null && step.establish(target, bootTimeout)) {
            recorder.update(b -> recorder.current().state() == VmState.RUNNING
                    ? b.sshReady(true).provision(ProvisionState.running()).message("ssh ready") : b);
            // The clone's own provision scripts (up --template T --provision F), as after a boot; the
            // template's ran in its source and left their markers in the guest.
            if (guestAccess != null) {
                guestAccess.afterSshReady(target);
            }
        }
    }

    /** A stop or a panic may have come meanwhile; readiness must not overwrite them. */
    private boolean stillBooting() {
        return recorder.current().state() == VmState.BOOTING;
    }

    private boolean isBootingOrRunning() {
        VmState s = recorder.current().state();
        return s == VmState.BOOTING || s == VmState.RUNNING;
    }

    void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
