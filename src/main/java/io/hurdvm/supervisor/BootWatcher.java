package io.hurdvm.supervisor;

import io.hurdvm.console.BootPhase;
import io.hurdvm.console.BootPhaseTracker;
import io.hurdvm.console.ConsoleBuffer;
import io.hurdvm.instance.InstanceState.PhaseRecord;
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
 */
final class BootWatcher {
    /** What runs after the console is ready: returns true when an authenticated SSH command works. */
    @FunctionalInterface
    interface GuestAccessStep {
        boolean establish(ReadinessTarget target, Duration timeout) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BootWatcher.class);
    private final StateRecorder recorder;
    private final BootPhaseTracker phases;
    private final ConsoleBuffer console;
    private final ReadinessCheck consoleReady;
    private final GuestAccessStep guestAccess;
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

    private void recordPhase(BootPhase p) {
        List<PhaseRecord> all = phases.phases().stream()
                .map(x -> new PhaseRecord(x.name(), x.sinceStart().toMillis(), x.at())).toList();
        recorder.update(b -> b.bootPhases(all));
    }

    void watch(QemuRun run) {
        phases.bootStarted(run.process().startedAt());
        ReadinessTarget target = new ReadinessTarget() {
            @Override public ConsoleBuffer console() { return console; }
            @Override public String host() { return sshHost; }
            @Override public int sshPort() { return recorder.current().sshPort(); }
            @Override public boolean processAlive() { return run.process().isAlive(); }
        };
        thread = Thread.ofPlatform().daemon().name("boot-watcher").start(() -> follow(run, target));
    }

    private void follow(QemuRun run, ReadinessTarget target) {
        Instant start = run.process().startedAt();
        try {
            consoleReady.waitUntilReady(target, bootTimeout);
            long bootMillis = Duration.between(start, Instant.now()).toMillis();
            recorder.update(b -> stillBooting()
                    ? b.state(VmState.RUNNING).consoleReady(true).bootMillis(bootMillis)
                            .message("login prompt on the console after " + bootMillis / 1000.0 + "s")
                    : b);
            if (guestAccess != null && guestAccess.establish(target, bootTimeout)) {
                recorder.update(b -> recorder.current().state() == VmState.RUNNING ? b.sshReady(true).message("ssh ready") : b);
            }
        } catch (ReadinessTimeoutException e) {
            recorder.update(b -> b.message("not ready: " + e.getMessage()));
        } catch (GuestDiedException e) {
            LOG.debug("boot watcher: QEMU exited during boot");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("boot watcher failed", e);
            recorder.update(b -> b.message("readiness check failed: " + e.getMessage()));
        }
    }

    /** A stop may have begun meanwhile; readiness must not overwrite STOPPING. */
    private boolean stillBooting() {
        return recorder.current().state() == VmState.BOOTING;
    }

    void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
