package io.hurdvm.cli;

import io.hurdvm.api.DaemonClient;
import io.hurdvm.config.SettingKey;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.api.ReadinessReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The instances of a 'hurdvm serve' daemon; it reports no steps while it works, only the outcome. */
final class DaemonInstances implements Instances {
    private final HostOption host;

    DaemonInstances(HostOption host) {
        this.host = host;
    }

    @Override
    public List<InstanceView> list() {
        return host.call(DaemonClient::list);
    }

    @Override
    public InstanceView view(String name) {
        return host.call(c -> c.view(name));
    }

    @Override
    public ReadinessReport readiness(Optional<String> name) {
        return host.call(c -> c.readiness(name));
    }

    @Override
    public UpResult up(String name, Map<SettingKey, String> settings, Consumer<String> progress) {
        return host.call(c -> c.up(name, settings));
    }

    @Override
    public Optional<String> down(String name, Duration timeout, boolean force, Consumer<String> progress) {
        return host.call(c -> c.down(name, timeout, force));
    }
}
