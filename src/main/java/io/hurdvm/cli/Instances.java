package io.hurdvm.cli;

import io.hurdvm.config.SettingKey;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.api.ReadinessReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The instance operations the commands share, on this host or through a daemon ({@code --host});
 * {@link #of} chooses once. {@code up} with its flags, config file and provision scripts stays in
 * {@link UpCommand}: only a plain boot with settings is offered here (the restore's boot check).
 */
public interface Instances {
    /** Every instance (locally with each overlay's host disk use). */
    List<InstanceView> list();

    InstanceView view(String name);

    /** The readiness of one instance, or of every instance that should run when {@code name} is empty. */
    ReadinessReport readiness(Optional<String> name);

    /** Boots an existing instance with these settings and waits as they say; {@code progress} gets each line. */
    UpResult up(String name, Map<SettingKey, String> settings, Consumer<String> progress) throws Exception;

    /** @return how it stopped, empty when it was not running; {@code progress} gets each step (locally). */
    Optional<String> down(String name, Duration timeout, boolean force, Consumer<String> progress) throws Exception;

    static Instances of(HostOption host) {
        return host.choose(LocalInstances::new, DaemonInstances::new);
    }
}
