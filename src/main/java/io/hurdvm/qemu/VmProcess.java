package io.hurdvm.qemu;

import io.hurdvm.proc.ProcessIdentity;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A QEMU process the supervisor watches: one it started ({@link QemuProcess}) or one it adopted after
 * the previous supervisor died ({@link AdoptedQemu}). The supervisor, the stop sequence and tests see
 * only this, so they can run against a fake.
 */
public interface VmProcess {
    /** Exit status of a process that is not our child: the kernel tells it only to the parent. */
    int EXIT_UNKNOWN = -1;

    ProcessIdentity identity();

    default long pid() {
        return identity().pid();
    }

    boolean isAlive();

    /** Completes with the exit status (128 + signal when killed), or {@link #EXIT_UNKNOWN}. */
    CompletableFuture<Integer> onExit();

    /** SIGKILL, only to this very process (never to a recycled pid). */
    void kill();

    Instant startedAt();

    /** QEMU's own complaint when it failed to start, as one line; empty when unknown. */
    Optional<String> startupFailure();
}
