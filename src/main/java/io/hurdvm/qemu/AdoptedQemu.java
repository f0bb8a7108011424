package io.hurdvm.qemu;

import io.hurdvm.proc.ProcessIdentity;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A QEMU that outlived the supervisor that started it, taken over by a new one. It is not our
 * child, so its exit status is unknown; whether it ended well is told by QMP's SHUTDOWN event.
 */
public final class AdoptedQemu implements VmProcess {
    private final ProcessIdentity identity;
    private final ProcessHandle handle;
    private final Instant startedAt;

    private AdoptedQemu(ProcessIdentity identity, ProcessHandle handle) {
        this.identity = identity;
        this.handle = handle;
        this.startedAt = handle.info().startInstant().orElse(Instant.now());
    }

    /** The recorded QEMU, if that very process still runs. */
    public static Optional<AdoptedQemu> of(ProcessIdentity recorded) {
        return recorded.handle().map(h -> new AdoptedQemu(recorded, h));
    }

    @Override
    public ProcessIdentity identity() {
        return identity;
    }

    @Override
    public boolean isAlive() {
        return identity.isAlive();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return handle.onExit().thenApply(h -> EXIT_UNKNOWN);
    }

    @Override
    public void kill() {
        if (identity.isAlive()) {
            handle.destroyForcibly();
        }
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Optional<String> startupFailure() {
        return Optional.empty();
    }
}
