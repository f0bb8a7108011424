package io.hurdvm.supervisor;

import io.hurdvm.vm.VmState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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

    /** Waits until the run loop has ended for good and returns its final state (or throws what ended it). */
    VmState awaitEnd() throws Exception {
        try {
            return end.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
        }
    }
}
