package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.console.BootPhaseTracker;
import io.hurdvm.console.ConsoleBuffer;
import io.hurdvm.console.RotatingLog;
import io.hurdvm.console.SerialHub;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.proc.ProcessIdentity;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.AdoptedQemu;
import io.hurdvm.qemu.VmProcess;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.readiness.ReadinessCheck;
import io.hurdvm.readiness.ReadinessTarget;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.RestartPolicy;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.vm.VmState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's restart policy and stop handling against a fake VM (no QEMU): which runs are
 * restarted, after what, when it gives up, and what it records.
 */
class SupervisorTest {
    private static final RestartPolicy FAST_RETRIES = new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 2,
            Duration.ofMillis(10), Duration.ofMillis(40));
    @TempDir Path dir;
    private SerialHub hub;

    @AfterEach
    void closeHub() {
        if (hub != null) {
            hub.close();
        }
    }

    /** A VM process that ends when told to. */
    static final class FakeProcess implements VmProcess {
        private static final AtomicInteger PIDS = new AtomicInteger(40_000);
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final ProcessIdentity identity = new ProcessIdentity(PIDS.incrementAndGet(), 1);

        @Override public ProcessIdentity identity() { return identity; }
        @Override public boolean isAlive() { return !exit.isDone(); }
        @Override public CompletableFuture<Integer> onExit() { return exit; }
        @Override public void kill() { exit.complete(137); }
        @Override public Instant startedAt() { return Instant.now(); }
        @Override public Optional<String> startupFailure() { return Optional.empty(); }
    }

    /** A run whose guest obeys the ACPI button and QMP quit; the test decides when it crashes. */
    static final class FakeRun implements VmRun {
        final FakeProcess process = new FakeProcess();
        volatile boolean guestShutdown;
        volatile String panic;

        void crash(int code) {
            process.exit.complete(code);
        }

        void poweroffFromInside() {
            guestShutdown = true;
            process.exit.complete(0);
        }

        @Override public VmProcess process() { return process; }
        @Override public boolean adopted() { return false; }
        @Override public boolean guestShutdown() { return guestShutdown; }
        @Override public Optional<String> panic() { return Optional.ofNullable(panic); }
        @Override public void panicked(String line) { panic = line; }
        @Override public QmpExecutor qmp() { throw new UnsupportedOperationException("no QMP in this test"); }
        @Override public String humanMonitorCommand(String command) { throw new UnsupportedOperationException(); }
        @Override public void close() { }
        @Override public void powerdown() { poweroffFromInside(); }
        @Override public void quit() { process.exit.complete(0); }
        @Override public void kill() { process.kill(); }
        @Override public long pid() { return process.pid(); }

        @Override
        public boolean awaitExit(Duration timeout) throws InterruptedException {
            try {
                process.exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Hands out fake runs and lets the test act on each as it starts. */
    static final class FakeStarter implements VmStarter {
        final List<FakeRun> runs = new CopyOnWriteArrayList<>();
        final Consumer<FakeRun> onStart;
        final boolean failToStart;

        FakeStarter(Consumer<FakeRun> onStart) {
            this(onStart, false);
        }

        FakeStarter(Consumer<FakeRun> onStart, boolean failToStart) {
            this.onStart = onStart;
            this.failToStart = failToStart;
        }

        @Override
        public VmRun start(VmSpec spec, io.hurdvm.qemu.AccelDecision accel, int sshPort, SerialHub hub) throws StartupFailedException {
            if (failToStart) {
                throw new StartupFailedException("QEMU failed to start: Could not set up host forwarding rule");
            }
            FakeRun run = new FakeRun();
            runs.add(run);
            onStart.accept(run);
            return run;
        }

        @Override
        public VmRun adopt(AdoptedQemu orphan, SerialHub hub) {
            throw new UnsupportedOperationException("nothing to adopt in this test");
        }
    }

    private StateRecorder recorder;

    private Supervisor supervisor(RestartPolicy policy, VmStarter starter) throws Exception {
        VmSpec spec = VmSpec.builder(InstanceName.of("fake"), dir.resolve("base.qcow2")).restart(policy)
                .ssh(io.hurdvm.vm.PortForward.loopbackSsh(2222)).build();
        recorder = new StateRecorder(dir.resolve("state.json"), InstanceState.created());
        hub = new SerialHub(dir.resolve("serial.sock"), RotatingLog.open(dir.resolve("console.log")), new ConsoleBuffer());
        ReadinessCheck neverReady = new ReadinessCheck() {
            @Override
            public void waitUntilReady(ReadinessTarget target, Duration timeout) {
                // A console that never shows a prompt: the boot watcher is interrupted when the run ends.
                try {
                    new java.util.concurrent.CountDownLatch(1).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("the run ended"); // as the real checks do
                }
            }

            @Override
            public String describe(ReadinessTarget target) {
                return "nothing";
            }
        };
        BootWatcher watcher = new BootWatcher(recorder, BootPhaseTracker.withDefaults(), hub.buffer(), neverReady, null,
                "127.0.0.1", Duration.ofMinutes(1));
        ShutdownSequence shutdown = new ShutdownSequence(recorder, null, false);
        Supervisor s = new Supervisor(spec, recorder, starter, hub, watcher, AccelDecision.tcg("test"), shutdown, Optional.empty());
        s.panicGrace(Duration.ofMillis(10));
        return s;
    }

    private static CompletableFuture<VmState> runInBackground(Supervisor s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void vmThatKeepsCrashing_isRestartedUpToTheLimit_thenRecordedAsACrashLoop() throws Exception {
        FakeStarter starter = new FakeStarter(run -> run.crash(1));
        VmState end = supervisor(FAST_RETRIES, starter).run();

        assertThat(end).isEqualTo(VmState.FAILED);
        assertThat(starter.runs).hasSize(3);
        InstanceState s = recorder.current();
        assertThat(s.crashLoop()).isTrue();
        assertThat(s.restarts()).isEqualTo(2);
        assertThat(s.lastExitCode()).isEqualTo(1);
        assertThat(s.qemuPid()).isZero();
        assertThat(s.message()).contains("QEMU exited unexpectedly with code 1").contains("crash loop: gave up after 2 restarts");
    }

    @Test
    void neverPolicy_doesNotRestart_andIsNoCrashLoop() throws Exception {
        FakeStarter starter = new FakeStarter(run -> run.crash(139));
        VmState end = supervisor(RestartPolicy.never(), starter).run();

        assertThat(end).isEqualTo(VmState.FAILED);
        assertThat(starter.runs).hasSize(1);
        assertThat(recorder.current().crashLoop()).isFalse();
        assertThat(recorder.current().message()).contains("restart policy: never");
    }

    @Test
    void guestThatPowersItselfOff_isStopped_notRestarted() throws Exception {
        FakeStarter starter = new FakeStarter(FakeRun::poweroffFromInside);
        VmState end = supervisor(FAST_RETRIES, starter).run();

        assertThat(end).isEqualTo(VmState.STOPPED);
        assertThat(starter.runs).hasSize(1);
        assertThat(recorder.current().message()).isEqualTo("guest powered off");
    }

    @Test
    void qemuThatCannotStart_failsAtOnce_withoutARestartLoop() throws Exception {
        FakeStarter starter = new FakeStarter(run -> { }, true);
        VmState end = supervisor(FAST_RETRIES, starter).run();

        assertThat(end).isEqualTo(VmState.FAILED);
        assertThat(recorder.current().message()).contains("Could not set up host forwarding rule");
        assertThat(recorder.current().restarts()).isZero();
    }

    @Test
    void stopWhileRunning_endsStopped_andIsNotRestarted() throws Exception {
        FakeStarter starter = new FakeStarter(run -> { });
        Supervisor s = supervisor(FAST_RETRIES, starter);
        CompletableFuture<VmState> running = runInBackground(s);
        awaitRecorded(st -> st.state() == VmState.BOOTING);

        StopOutcome how = s.stop(Duration.ofSeconds(3), false);

        assertThat(how).isEqualTo(StopOutcome.ACPI);
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo(VmState.STOPPED);
        assertThat(starter.runs).hasSize(1);
        assertThat(recorder.current().message()).isEqualTo("stopped (acpi)");
    }

    @Test
    void panickedGuest_withRestartOnFailure_isEndedAndRestarted() throws Exception {
        FakeStarter starter = new FakeStarter(run -> { });
        Supervisor s = supervisor(FAST_RETRIES, starter);
        CompletableFuture<VmState> running = runInBackground(s);
        awaitRecorded(st -> st.state() == VmState.BOOTING);

        s.guestPanicked("panic ../kern/bootstrap.c:181: no bootstrap");
        awaitRecorded(st -> st.restarts() == 1 && st.state() == VmState.BOOTING);

        assertThat(starter.runs).hasSize(2);
        s.stop(Duration.ofSeconds(3), false);
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo(VmState.STOPPED);
    }

    private void awaitRecorded(java.util.function.Predicate<InstanceState> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (recorder == null || !condition.test(recorder.current())) {
            assertThat(System.nanoTime()).as("state did not come; last: %s", recorder == null ? null : recorder.current()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
