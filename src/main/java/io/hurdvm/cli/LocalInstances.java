package io.hurdvm.cli;

import io.hurdvm.config.SettingKey;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.UpRequest;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.api.ReadinessReport;
import io.hurdvm.vm.InstanceName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The instances in this host's HURDVM_HOME. */
final class LocalInstances implements Instances {
    private final CliContext ctx = CliContext.fromEnvironment();

    @Override
    public List<InstanceView> list() {
        return ctx.service().listWithDiskUse();
    }

    @Override
    public InstanceView view(String name) {
        return ctx.view(ctx.existing(name));
    }

    @Override
    public ReadinessReport readiness(Optional<String> name) {
        if (name.isEmpty()) {
            return ReadinessReport.of(ctx.service().list(), Set.of());
        }
        InstanceName n = InstanceName.of(name.get());
        List<InstanceView> views = ctx.store().exists(n) ? List.of(ctx.view(n)) : List.of();
        return ReadinessReport.of(views, Set.of(n));
    }

    @Override
    public UpResult up(String name, Map<SettingKey, String> settings, Consumer<String> progress) throws Exception {
        InstanceService service = ctx.service();
        return service.startAndWait(service.prepare(new UpRequest(name, settings, Optional.empty(), Optional.empty()), progress),
                progress, boot -> { });
    }

    @Override
    public Optional<String> down(String name, Duration timeout, boolean force, Consumer<String> progress) throws Exception {
        return ctx.service().down(ctx.existing(name), timeout, force, progress);
    }
}
