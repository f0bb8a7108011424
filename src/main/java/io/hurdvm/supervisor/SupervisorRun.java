package io.hurdvm.supervisor;

import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Supervisor#run()} on a thread of its own, so that QEMU starts while the process sets up
 * what QEMU does not need (console attach, schedules, the control socket's handler): on 2 cores that
 * work used to delay every guest's first instruction.
 */
final class SupervisorRun {
    private final CompletableFuture<VmState> end = new CompletableFuture<>();

    private SupervisorRun() {
    }

    static SupervisorRun start(Supervisor supervisor) {
        SupervisorRun r = new SupervisorRun();
        Thread.ofPlatform().name("supervisor-run").start(() -> {
            try {
                r.end.complete(supervisor.run());
            } catch (InterruptedException e) {
                r.end.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                r.end.completeExceptionally(e);
                throw e;
            }
        });
        return r;
    }

    /**
     * Waits (at most {@code max}) until {@code launched} is done or the run has ended: QEMU's launch
     * goes first, what the supervisor sets up beside it after. On a busy 2-core host the two used to
     * share the CPUs, and the guest's first instruction waited for both (issue 14).
     */
    void awaitLaunch(CompletableFuture<?> launched, Duration max) throws InterruptedException {
        try {
            CompletableFuture.anyOf(launched, end).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the run failed (awaitEnd reports it) or the launch is slow: the setup goes on either way
        }
    }

    /** Waits until the run loop has ended for good and returns its final state (or throws what ended it). */
    VmState awaitEnd() throws Exception {
        try {
            return end.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
        }
    }
}
