package io.hurdvm.supervisor;

import io.hurdvm.console.SerialHub;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.PortProbe;
import io.hurdvm.qemu.QemuSecret;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one VM running: starts QEMU, watches it, restarts it per the restart policy, and stops it
 * gracefully on request (control socket or SIGTERM). Exactly one thread runs {@link #run()}.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final VmSpec spec;
    private final StateRecorder recorder;
    private final QemuStarter starter;
    private final SerialHub hub;
    private final BootWatcher bootWatcher;
    private final AccelDecision accel;
    private final List<QemuSecret> secrets;
    private final ShutdownSequence shutdown;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object stopLock = new Object();
    private volatile boolean stopRequested;
    private volatile QemuRun current;
    private volatile String stoppedHow;
    private volatile Runnable beforeStop = () -> { };

    Supervisor(VmSpec spec, InstancePaths paths, StateRecorder recorder, QemuStarter starter, SerialHub hub,
               BootWatcher bootWatcher, AccelDecision accel, List<QemuSecret> secrets, ShutdownSequence shutdown) {
        this.spec = spec;
        this.recorder = recorder;
        this.starter = starter;
        this.hub = hub;
        this.bootWatcher = bootWatcher;
        this.accel = accel;
        this.secrets = secrets;
        this.shutdown = shutdown;
    }

    /** Work to end before a stop powers the guest off, e.g. let a scheduled snapshot finish. */
    void beforeStop(Runnable action) {
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
        int sshPort = chooseSshPort();
        RestartTracker restarts = new RestartTracker(spec.restart(), recorder.current().restarts());
        boolean first = true;
        while (!stopRequested) {
            recorder.update(b -> b.state(VmState.STARTING).sshPort(sshPort).accel(accel.chosen().cliName(), accel.reason())
                    .qemuPid(0).message("starting QEMU (" + accel.chosen().cliName() + ")"));
            QemuRun run;
            try {
                run = starter.start(spec, accel, sshPort, secrets, hub, first);
            } catch (QemuStarter.StartupFailedException e) {
                // A QEMU that cannot even start will not start next time either: no restart loop.
                recorder.update(b -> b.state(VmState.FAILED).qemuPid(0).message(e.getMessage()));
                return VmState.FAILED;
            }
            first = false;
            boolean stopArrivedDuringStart;
            synchronized (stopLock) {
                current = run;
                stopArrivedDuringStart = stopRequested;
            }
            if (stopArrivedDuringStart) {
                // stop() saw no running QEMU to stop; this one started meanwhile, so stop it here.
                stoppedHow = shutdown.stop(run, Duration.ofSeconds(30), false);
            }
            Instant startedAt = run.process().startedAt();
            recorder.update(b -> b.newBoot(startedAt).state(VmState.BOOTING).qemuPid(run.process().pid())
                    .message("booting"));
            bootWatcher.watch(run);
            int exit = run.process().onExit().join();
            bootWatcher.stop();
            run.close();
            current = null;
            synchronized (stopLock) {
                if (stopRequested) {
                    return finalState(VmState.STOPPED, "stopped (" + Optional.ofNullable(stoppedHow).orElse("quit") + ")");
                }
            }
            if (run.guestShutdown() && exit == 0) {
                return finalState(VmState.STOPPED, "guest powered off");
            }
            Optional<Duration> backoff = restarts.onUnexpectedExit(startedAt, Instant.now());
            String died = "QEMU exited unexpectedly with code " + exit + lastLine(run);
            LOG.warn(died);
            if (backoff.isEmpty()) {
                boolean loop = restarts.crashLoop();
                recorder.update(b -> b.state(VmState.FAILED).qemuPid(0).lastExitCode(exit).crashLoop(loop)
                        .message(died + (loop ? "; crash loop: gave up after " + spec.restart().maxAttempts() + " restarts" : "; restart policy: never")));
                return VmState.FAILED;
            }
            int total = restarts.totalRestarts();
            recorder.update(b -> b.state(VmState.RESTARTING).qemuPid(0).lastExitCode(exit).restarts(total)
                    .message(died + "; restart " + total + " in " + backoff.get().toMillis() + " ms"));
            waitUnlessStopped(backoff.get());
        }
        return finalState(VmState.STOPPED, "stopped");
    }

    private static String lastLine(QemuRun run) {
        return run.process().startupFailure().map(s -> " (" + s + ")").orElse("");
    }

    private VmState finalState(VmState state, String message) {
        recorder.update(b -> b.state(state).qemuPid(0).message(message).consoleReady(false).sshReady(false));
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
     * Stops the VM (graceful unless forced) and waits until the run loop has finished.
     * Safe to call from several threads; later callers just wait.
     */
    public String stop(Duration timeout, boolean force) throws InterruptedException {
        QemuRun run;
        synchronized (stopLock) {
            run = stopRequested ? null : current;
            stopRequested = true;
            stopLock.notifyAll();
        }
        if (run != null) {
            beforeStop.run();
        }
        if (run != null && run.process().isAlive()) {
            stoppedHow = shutdown.stop(run, timeout, force);
        }
        finished.await(timeout.plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        return Optional.ofNullable(stoppedHow).orElse("not running");
    }

    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** The current QEMU run, if one is up: for control requests such as QMP passthrough. */
    Optional<QemuRun> current() {
        return Optional.ofNullable(current);
    }
}
