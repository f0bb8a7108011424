package io.hurdvm.cli;

import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.UpProgress;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.api.ReadinessReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The instance operations of the commands, on this host or through a daemon ({@code --host});
 * {@link #of} chooses once. What cannot travel to a daemon (files only this host can read, a
 * supervisor in this process) is refused by the daemon side with a one-line reason.
 */
public interface Instances {
    /** Every instance (locally with each overlay's host disk use). */
    List<InstanceView> list();

    InstanceView view(String name);

    /** The readiness of one instance, or of every instance that should run when {@code name} is empty. */
    ReadinessReport readiness(Optional<String> name);

    /**
     * Creates (first time) and boots the instance, and waits as its settings say; {@code progress} gets
     * each step and {@code boot} each boot phase (locally: a daemon answers with the outcome alone).
     */
    UpResult up(UpOrder order, Consumer<String> progress, Consumer<UpProgress> boot) throws Exception;

    /**
     * {@code up --foreground}: runs the supervisor in this process until the VM stops, and returns its
     * exit code; empty when the instance already runs under a supervisor of its own (then {@code up} reports it).
     */
    OptionalInt runInForeground(UpOrder order, Consumer<String> progress) throws Exception;

    /** @return how it stopped, empty when it was not running; {@code progress} gets each step (locally). */
    Optional<String> down(String name, Duration timeout, boolean force, Consumer<String> progress) throws Exception;

    static Instances of(HostOption host) {
        return host.choose(LocalInstances::new, DaemonInstances::new);
    }
}
