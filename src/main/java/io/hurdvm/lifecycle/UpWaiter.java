package io.hurdvm.lifecycle;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Waits, with a deadline, until the supervisor records that a {@link WaitCondition} holds. Fails
 * fast when the supervisor dies or gives up, and always explains itself with the console tail.
 */
public final class UpWaiter {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int TAIL_LINES = 15;
    private final InstanceStore store;
    private final InstanceName name;

    public UpWaiter(InstanceStore store, InstanceName name) {
        this.store = store;
        this.name = name;
    }

    public UpResult await(WaitCondition condition, Duration timeout) throws InterruptedException {
        InstancePaths paths = store.paths(name);
        Instant deadline = Instant.now().plus(timeout);
        // The supervisor was just spawned: give it a moment to write its pid file before judging it dead.
        Instant graceForPidFile = Instant.now().plusSeconds(10);
        while (true) {
            Optional<InstanceState> state = store.readState(name);
            boolean alive = SupervisorLiveness.liveSupervisor(paths).isPresent();
            if (state.isPresent() && condition.heldBy(state.get()) && alive) {
                return result(UpResult.Outcome.READY, state.get(), condition,
                        name + " is up (" + condition.description() + ")", List.of());
            }
            if (state.isPresent() && state.get().state() == VmState.FAILED) {
                return failed(paths, state.get(), condition, "failed to start: " + state.get().message());
            }
            if (state.isPresent() && state.get().state() == VmState.STOPPED && state.get().supervisorPid() != 0) {
                return failed(paths, state.get(), condition, "stopped before it was ready: " + state.get().message());
            }
            if (!alive && Instant.now().isAfter(graceForPidFile)) {
                InstanceState s = state.orElse(InstanceState.created());
                return failed(paths, s, condition, "supervisor exited: " + s.message() + " (see 'hurdvm logs " + name + " --supervisor')");
            }
            if (Instant.now().isAfter(deadline)) {
                InstanceState s = state.orElse(InstanceState.created());
                return result(UpResult.Outcome.TIMEOUT, s, condition, "timed out after " + timeout.toSeconds()
                                + "s waiting for " + condition.description() + ": " + whatWasMissing(condition, s)
                                + "; the VM keeps running ('hurdvm down " + name + "' stops it)",
                        ConsoleTail.lastLines(paths.consoleLog(), TAIL_LINES));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Names the cause: no QEMU, no login prompt, or SSH (with the supervisor's last word on it). */
    private static String whatWasMissing(WaitCondition c, InstanceState s) {
        if (s.qemuPid() == 0) {
            return "QEMU is not running (" + s.message() + ")";
        }
        if (c != WaitCondition.NONE && !s.consoleReady()) {
            return "no login prompt on the serial console";
        }
        return "console ready, SSH not yet (" + s.message() + ")";
    }

    private UpResult failed(InstancePaths paths, InstanceState s, WaitCondition c, String message) {
        return result(UpResult.Outcome.FAILED, s, c, name + " " + message, ConsoleTail.lastLines(paths.consoleLog(), TAIL_LINES));
    }

    private UpResult result(UpResult.Outcome outcome, InstanceState s, WaitCondition c, String message, List<String> tail) {
        String ssh = s.sshPort() == 0 ? null : "127.0.0.1:" + s.sshPort();
        return new UpResult(name.value(), outcome, s.state().name().toLowerCase(java.util.Locale.ROOT), c.name().toLowerCase(java.util.Locale.ROOT),
                ssh, s.bootMillis() == null ? null : s.bootMillis() / 1000.0, message, tail);
    }
}
