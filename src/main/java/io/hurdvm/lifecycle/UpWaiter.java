package io.hurdvm.lifecycle;

import io.hurdvm.proc.ProcStat;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.ProvisionState;
import io.hurdvm.instance.StateWatch;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.time.Deadline;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Waits, with a deadline, until the supervisor of one run records that a {@link WaitCondition} holds.
 * Only states carrying that run's id count: what an earlier run left in state.json (STOPPED, FAILED,
 * its pid) is no evidence about this one. Fails fast when the supervisor dies, gives up or the guest
 * panics, and always explains itself with the console tail.
 */
public final class UpWaiter {
    /**
     * The longest wait between two looks at state.json: a new state wakes the waiter at once
     * ({@link StateWatch}); this bounds how late it sees what no file announces (a supervisor that
     * died, the seconds shown in the progress).
     */
    private static final Duration MAX_WAIT = Duration.ofMillis(100);
    private static final int TAIL_LINES = 15;
    private final InstanceStore store;
    private final InstanceName name;

    public UpWaiter(InstanceStore store, InstanceName name) {
        this.store = store;
        this.name = name;
    }

    /** Waits until the supervisor of {@code runId} has recorded its first state; false if it died first. */
    public boolean awaitRunStarted(String runId, ProcessHandle supervisor, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        try (StateWatch changes = StateWatch.on(store.paths(name).stateFile())) {
            while (!deadline.passed()) {
                if (store.readState(name).map(s -> runId.equals(s.runId())).orElse(false)) {
                    return true;
                }
                if (!ProcStat.isRunning(supervisor)) {
                    return false;
                }
                changes.await(deadline, MAX_WAIT);
            }
        }
        return false;
    }

    /**
     * Waits until the supervisor of {@code runId} records QEMU {@code qemuPid} (it has taken the
     * orphan over and answers control requests); false if it died or gave up first.
     */
    public boolean awaitQemuRecorded(String runId, ProcessHandle supervisor, long qemuPid, Duration timeout)
            throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        try (StateWatch changes = StateWatch.on(store.paths(name).stateFile())) {
            while (!deadline.passed() && ProcStat.isRunning(supervisor)) {
                Optional<InstanceState> s = store.readState(name).filter(st -> runId.equals(st.runId()));
                if (s.isPresent() && s.get().qemuPid() == qemuPid && s.get().state() != VmState.STARTING) {
                    return true;
                }
                if (s.isPresent() && s.get().state() == VmState.FAILED) {
                    return false;
                }
                changes.await(deadline, MAX_WAIT);
            }
        }
        return false;
    }

    /**
     * @param supervisor the supervisor process of the run when we started it (its exit is then seen at
     *                   once), or empty to judge liveness from the pid file
     */
    public UpResult await(String runId, Optional<ProcessHandle> supervisor, WaitCondition condition, Duration timeout,
                          Consumer<UpProgress> progress) throws InterruptedException {
        InstancePaths paths = store.paths(name);
        Instant start = Instant.now();
        Deadline deadline = Deadline.after(timeout);
        UpProgress shown = null;
        try (StateWatch changes = StateWatch.on(paths.stateFile())) {
            while (true) {
                Optional<InstanceState> read = store.readState(name);
                Optional<InstanceState> ours = read.filter(s -> Objects.equals(runId, s.runId()));
                boolean alive = supervisor.map(ProcStat::isRunning).orElseGet(() -> SupervisorLiveness.liveSupervisor(paths).isPresent());
                if (ours.isPresent()) {
                    InstanceState s = ours.get();
                    UpProgress now = progressOf(s, Duration.between(start, Instant.now()));
                    if (shown == null || !now.phase().equals(shown.phase()) || !Objects.equals(now.message(), shown.message())
                            || now.elapsed().toSeconds() != shown.elapsed().toSeconds()) {
                        progress.accept(now);
                        shown = now;
                    }
                    Optional<UpResult> end = verdict(paths, s, condition, alive);
                    if (end.isPresent()) {
                        return end.get();
                    }
                }
                if (!alive) {
                    InstanceState s = ours.orElse(InstanceState.created());
                    return failed(paths, s, condition, "supervisor exited: " + (ours.isPresent() ? s.message() : "before it recorded anything")
                            + " (see 'hurdvm logs " + name + " --supervisor')");
                }
                if (deadline.passed()) {
                    InstanceState s = ours.orElse(InstanceState.created());
                    return result(UpResult.Outcome.TIMEOUT, s, condition, "timed out after " + timeout.toSeconds()
                                    + "s waiting for " + condition.description() + ": " + whatWasMissing(condition, s)
                                    + "; the VM keeps running ('hurdvm down " + name + "' stops it)",
                            ConsoleTail.lastLines(paths.consoleLog(), TAIL_LINES));
                }
                changes.await(deadline, MAX_WAIT);
            }
        }
    }

    /** The end of the wait, if this state decides it. */
    private Optional<UpResult> verdict(InstancePaths paths, InstanceState s, WaitCondition condition, boolean alive) {
        if (condition.heldBy(s) && alive) {
            return Optional.of(result(UpResult.Outcome.READY, s, condition, name + " is up (" + condition.description() + ")", List.of()));
        }
        if (condition == WaitCondition.SSH && s.sshReady() && s.provision() != null && s.provision().isFailed()) {
            return Optional.of(result(UpResult.Outcome.PROVISION_FAILED, s, condition, name + ": " + s.provision().failure()
                    + " (its output: " + paths.provisioningLog() + "); the VM keeps running: fix the script and run 'hurdvm up "
                    + name + "' again", List.of()));
        }
        return switch (s.state()) {
            case PANICKED -> Optional.of(failed(paths, s, condition, s.message() + " (the console log: 'hurdvm logs " + name
                    + "'; with --restart on-failure the VM is restarted, with --restart never it stays up for inspection)"));
            case FAILED -> Optional.of(failed(paths, s, condition, "failed to start: " + s.message()));
            case STOPPED -> Optional.of(failed(paths, s, condition, "stopped before it was ready: " + s.message()));
            default -> Optional.empty();
        };
    }

    private static UpProgress progressOf(InstanceState s, Duration elapsed) {
        String phase = s.bootPhases().isEmpty()
                ? s.state().name().toLowerCase(Locale.ROOT)
                : s.bootPhases().getLast().name().toLowerCase(Locale.ROOT);
        if (s.state() == VmState.RUNNING) {
            boolean scripts = s.provision() != null && !s.provision().isDone();
            phase = s.sshReady() ? (scripts ? "provision" : "ready") : "ssh";
        }
        return new UpProgress(phase, elapsed, s.message());
    }

    /** Names the cause: no QEMU, no login prompt, or SSH (with the supervisor's last word on it). */
    private static String whatWasMissing(WaitCondition c, InstanceState s) {
        if (s.qemuPid() == 0) {
            return "QEMU is not running (" + s.message() + ")";
        }
        if (c != WaitCondition.NONE && !s.consoleReady()) {
            return "no login prompt on the serial console";
        }
        if (s.sshReady()) {
            return "SSH ready, provision scripts still running (" + s.message() + "; output: provisioning.log)";
        }
        return "console ready, SSH not yet (" + s.message() + ")";
    }

    private UpResult failed(InstancePaths paths, InstanceState s, WaitCondition c, String message) {
        return result(UpResult.Outcome.FAILED, s, c, name + " " + message, ConsoleTail.lastLines(paths.consoleLog(), TAIL_LINES));
    }

    private UpResult result(UpResult.Outcome outcome, InstanceState s, WaitCondition c, String message, List<String> tail) {
        String ssh = s.sshPort() == 0 ? null : "127.0.0.1:" + s.sshPort();
        String next = outcome == UpResult.Outcome.READY
                ? (s.sshReady() ? "connect: hurdvm ssh " + name : "watch the console: hurdvm console " + name)
                : null;
        ProvisionState p = s.sshReady() ? s.provision() : null;
        return new UpResult(name.value(), outcome, s.state().name().toLowerCase(Locale.ROOT), c.name().toLowerCase(Locale.ROOT),
                ssh, s.bootMillis() == null ? null : s.bootMillis() / 1000.0, message, next, tail, List.of(),
                p == null ? List.of() : p.summaries(), p == null ? List.of() : p.outputTail());
    }
}
