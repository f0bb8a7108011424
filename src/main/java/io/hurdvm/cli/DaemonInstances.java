package io.hurdvm.cli;

import io.hurdvm.api.DaemonClient;
import io.hurdvm.config.ConfigFile;
import io.hurdvm.config.SettingKey;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.lifecycle.UpProgress;
import java.nio.file.Path;
import java.util.EnumMap;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.api.ReadinessReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
    public UpResult up(UpOrder order, Consumer<String> progress, Consumer<UpProgress> boot) {
        return host.call(c -> c.up(order.name(), settings(order), order.template()));
    }

    @Override
    public OptionalInt runInForeground(UpOrder order, Consumer<String> progress) {
        throw new CliException(ErrorKind.BAD_INPUT, "--foreground runs the VM in this process and cannot be combined with --host");
    }

    /** The daemon cannot read our --config file: its settings travel in the request, under the flags. */
    private static Map<SettingKey, String> settings(UpOrder order) {
        if (order.provision().isPresent() || order.reprovision()) {
            throw new CliException(ErrorKind.BAD_INPUT, "--provision and --reprovision cannot go through --host: the daemon runs"
                    + " only the provision scripts of its own config file (HURDVM_CONFIG); run 'up' on the daemon's host");
        }
        Map<SettingKey, String> s = new EnumMap<>(SettingKey.class);
        if (order.configFile().isPresent()) {
            ConfigFile.Contents contents = ConfigFile.load(order.configFile().get());
            if (contents.provision().isPresent()) {
                throw new CliException(ErrorKind.BAD_INPUT, "config file " + order.configFile().get() + " has 'provision:', which cannot"
                        + " go through --host: the daemon runs only the provision scripts of its own config file (HURDVM_CONFIG)");
            }
            s.putAll(contents.settings());
        }
        s.putAll(order.flags());
        s.computeIfPresent(SettingKey.IMAGE, (k, v) -> Path.of(v).toAbsolutePath().normalize().toString());
        return s;
    }

    @Override
    public Optional<String> down(String name, Duration timeout, boolean force, Consumer<String> progress) {
        return host.call(c -> c.down(name, timeout, force));
    }
}
