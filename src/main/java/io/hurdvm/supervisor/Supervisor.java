package io.hurdvm.supervisor;

import io.hurdvm.console.SerialHub;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.AdoptedQemu;
import io.hurdvm.qemu.PortProbe;
import io.hurdvm.qemu.VmProcess;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one VM running: starts QEMU (or adopts the one a dead supervisor left), watches it, restarts
 * it per the restart policy, and stops it gracefully on request (control socket or SIGTERM). Exactly
 * one thread runs {@link #run()}.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** A QEMU that started while a stop was already under way gets this long to go. */
    private static final Duration LATE_START_STOP = Duration.ofSeconds(30);
    /** After a panic line, the rest of the panic message reaches the console log before QEMU is ended. */
    static final Duration PANIC_GRACE = Duration.ofSeconds(3);
    /** The stop sequence returns right after QEMU exits; longer than this means it is stuck. */
    private static final Duration STOP_VERDICT_WAIT = Duration.ofSeconds(10);

    private final VmSpec spec;
    private final StateRecorder recorder;
    private final VmStarter starter;
    private final SerialHub hub;
    private final BootWatcher bootWatcher;
    private final AccelDecision accel;
    private final ShutdownSequence shutdown;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object stopLock = new Object();
    private volatile Optional<AdoptedQemu> orphan;
    private volatile boolean stopRequested;
    private volatile VmRun current;
    /** How the requested stop ended QEMU; the run loop records it once the stop sequence has said. */
    private final CompletableFuture<StopOutcome> stoppedHow = new CompletableFuture<>();
    private volatile Consumer<Duration> beforeStop = grace -> { };
    private volatile Duration panicGrace = PANIC_GRACE;

    Supervisor(VmSpec spec, StateRecorder recorder, VmStarter starter, SerialHub hub, BootWatcher bootWatcher,
               AccelDecision accel, ShutdownSequence shutdown, Optional<AdoptedQemu> orphan) {
        this.spec = spec;
        this.recorder = recorder;
        this.starter = starter;
        this.hub = hub;
        this.bootWatcher = bootWatcher;
        this.accel = accel;
        this.shutdown = shutdown;
        this.orphan = orphan;
    }

    /** For tests: how long a panicked run stays up before it is ended. */
    void panicGrace(Duration grace) {
        this.panicGrace = grace;
    }

    /**
     * Work to end before a stop powers the guest off, e.g. let a scheduled snapshot finish; it gets a
     * third of the stop's budget, so the stop still ends in time.
     */
    void beforeStop(Consumer<Duration> action) {
        this.beforeStop = action;
    }

    /** Runs until the VM is stopped for good; returns the final state. */
    public VmState run() throws InterruptedException {
        try {
            return loop();
        } finally {
            finished.countDown();
        }
    }

    private VmState loop() throws InterruptedException {
        int sshPort = orphan.isPresent() ? recorder.current().sshPort() : chooseSshPort();
        RestartTracker restarts = new RestartTracker(spec.restart(), recorder.current().restarts());
        while (!stopRequested) {
            VmRun run;
            try {
                run = startOrAdopt(sshPort);
            } catch (VmStarter.StartupFailedException e) {
                // A QEMU that cannot even start will not start next time either: no restart loop.
                recorder.update(b -> b.state(VmState.FAILED).noQemu().message(e.getMessage()));
                return VmState.FAILED;
            }
            boolean stopArrivedDuringStart;
            synchronized (stopLock) {
                current = run;
                stopArrivedDuringStart = stopRequested;
            }
            if (stopArrivedDuringStart) {
                // stop() saw no running QEMU to stop; this one started meanwhile, so stop it here.
                stoppedHow.complete(shutdown.stop(run, LATE_START_STOP, false));
            }
            record(run);
            bootWatcher.watch(run);
            int exit = run.process().onExit().join();
            bootWatcher.stop();
            run.close();
            current = null;
            synchronized (stopLock) {
                if (stopRequested) {
                    // QEMU may exit before the stop sequence returns: its verdict decides the message.
                    StopOutcome how = stoppedHow.completeOnTimeout(StopOutcome.QUIT, STOP_VERDICT_WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
                    return finalState(VmState.STOPPED, "stopped (" + how.cliName() + ")");
                }
            }
            if (run.guestShutdown() && run.panic().isEmpty() && (exit == 0 || exit == VmProcess.EXIT_UNKNOWN)) {
                return finalState(VmState.STOPPED, "guest powered off");
            }
            Instant startedAt = run.process().startedAt();
            Optional<Duration> backoff = restarts.onUnexpectedExit(startedAt, Instant.now());
            String died = run.panic().map(line -> "the guest kernel panicked: " + line.strip())
                    .orElse("QEMU exited unexpectedly " + (exit == VmProcess.EXIT_UNKNOWN ? "(adopted: exit status unknown)"
                    : "with code " + exit) + lastLine(run));
            LOG.warn(died);
            Integer code = exit == VmProcess.EXIT_UNKNOWN ? null : exit;
            if (backoff.isEmpty()) {
                boolean loop = restarts.crashLoop();
                recorder.update(b -> b.state(VmState.FAILED).noQemu().lastExitCode(code).crashLoop(loop)
                        .message(died + (loop ? "; crash loop: gave up after " + spec.restart().maxAttempts() + " restarts" : "; restart policy: never")));
                return VmState.FAILED;
            }
            int total = restarts.totalRestarts();
            recorder.update(b -> b.state(VmState.RESTARTING).noQemu().lastExitCode(code).restarts(total)
                    .message(died + "; restart " + total + " in " + backoff.get().toMillis() + " ms"));
            waitUnlessStopped(backoff.get());
        }
        return finalState(VmState.STOPPED, "stopped");
    }

    private VmRun startOrAdopt(int sshPort) throws VmStarter.StartupFailedException, InterruptedException {
        Optional<AdoptedQemu> left = orphan;
        orphan = Optional.empty();
        if (left.isPresent() && left.get().isAlive()) {
            recorder.update(b -> b.state(VmState.STARTING).message("taking over QEMU pid " + left.get().pid()
                    + ", which outlived its supervisor"));
            return starter.adopt(left.get(), hub);
        }
        recorder.update(b -> b.state(VmState.STARTING).sshPort(sshPort).accel(accel.chosen().cliName(), accel.reason())
                .noQemu().message("starting QEMU (" + accel.chosen().cliName() + ")"));
        return starter.start(spec, accel, sshPort, hub);
    }

    private void record(VmRun run) {
        long pid = run.process().pid();
        long ticks = run.process().identity().startTicks();
        if (run.adopted()) {
            // Boot phases and readiness of the adopted boot stay as recorded; the boot watcher checks them again.
            recorder.update(b -> b.state(VmState.BOOTING).qemu(pid, ticks)
                    .message("took over QEMU pid " + pid + "; checking that the guest still answers"));
        } else {
            Instant startedAt = run.process().startedAt();
            recorder.update(b -> b.newBoot(startedAt).state(VmState.BOOTING).qemu(pid, ticks).message("booting"));
        }
    }

    private static String lastLine(VmRun run) {
        return run.process().startupFailure().map(s -> " (" + s + ")").orElse("");
    }

    private VmState finalState(VmState state, String message) {
        recorder.update(b -> b.state(state).noQemu().message(message).consoleReady(false).sshReady(false));
        return state;
    }

    /** The configured port, else the one used last time if still free, else any free port. */
    private int chooseSshPort() {
        if (spec.ssh().hostPort() != 0) {
            return spec.ssh().hostPort();
        }
        int previous = recorder.current().sshPort();
        if (previous != 0 && PortProbe.isFree(spec.ssh().hostAddress(), previous)) {
            return previous;
        }
        return PortProbe.pickFreePort(spec.ssh().hostAddress());
    }

    private void waitUnlessStopped(Duration d) throws InterruptedException {
        synchronized (stopLock) {
            long end = System.nanoTime() + d.toNanos();
            while (!stopRequested && System.nanoTime() < end) {
                TimeUnit.NANOSECONDS.timedWait(stopLock, end - System.nanoTime());
            }
        }
    }

    /**
     * Stops the VM (graceful unless forced) within {@code budget} and waits until the run loop has
     * finished. Safe to call from several threads; later callers just wait.
     */
    public StopOutcome stop(Duration budget, boolean force) throws InterruptedException {
        Instant deadline = Instant.now().plus(budget);
        VmRun run;
        synchronized (stopLock) {
            run = stopRequested ? null : current;
            stopRequested = true;
            stopLock.notifyAll();
        }
        if (run != null) {
            beforeStop.accept(budget.dividedBy(3));
        }
        if (run != null && run.process().isAlive()) {
            Duration left = Duration.between(Instant.now(), deadline);
            stoppedHow.complete(shutdown.stop(run, left.isNegative() ? Duration.ZERO : left, force));
        }
        // Otherwise nothing ran (between restarts), or QEMU was just starting: the run loop stops that one itself.
        finished.await(Duration.between(Instant.now(), deadline).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        return stoppedHow.getNow(StopOutcome.NOT_RUNNING);
    }

    /**
     * The console showed a kernel panic. With a restart policy the run ends (after {@link #PANIC_GRACE})
     * and counts as a failure, so a panic at every boot ends in a crash loop; without one QEMU stays up
     * so the console can be read. Called on the serial reader thread: it only schedules.
     */
    void guestPanicked(String line) {
        VmRun run = current;
        if (run == null || stopRequested) {
            return;
        }
        run.panicked(line);
        if (spec.restart().mode() == io.hurdvm.vm.RestartPolicy.Mode.ON_FAILURE) {
            java.util.concurrent.CompletableFuture.runAsync(() -> endPanickedRun(run),
                    java.util.concurrent.CompletableFuture.delayedExecutor(panicGrace.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void endPanickedRun(VmRun run) {
        if (current != run || stopRequested) {
            return;
        }
        try {
            run.quit();
        } catch (RuntimeException e) {
            LOG.warn("QMP quit of the panicked guest failed ({}); killing QEMU", e.getMessage());
            run.kill();
        }
    }

    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** The current QEMU run, if one is up: for control requests such as QMP passthrough. */
    Optional<VmRun> current() {
        return Optional.ofNullable(current);
    }
}
