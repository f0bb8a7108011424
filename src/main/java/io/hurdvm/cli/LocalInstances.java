package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.UpRequest;
import io.hurdvm.lifecycle.SupervisorProcess;
import io.hurdvm.lifecycle.UpProgress;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.supervisor.SupervisorSpawner;
import io.hurdvm.api.ReadinessReport;
import io.hurdvm.vm.InstanceName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/** The instances in this host's HURDVM_HOME. */
final class LocalInstances implements Instances {
    private final CliContext ctx;

    LocalInstances(HostEnvironment env) {
        this.ctx = CliContext.of(env);
    }

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
    public UpResult up(UpOrder order, Consumer<String> progress, Consumer<UpProgress> boot) throws Exception {
        InstanceService service = ctx.service();
        return service.startAndWait(service.prepare(request(order), progress), progress, boot);
    }

    @Override
    public OptionalInt runInForeground(UpOrder order, Consumer<String> progress) throws Exception {
        InstanceService.PreparedUp prepared = ctx.service().prepare(request(order), progress);
        // The supervisor's own lock keeps a second one away for as long as this process runs it.
        prepared.close();
        if (prepared.alreadyRunning()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(SupervisorProcess.runInForeground(ctx.home(), ctx.host(), prepared.spec().name(), VersionProvider.version(),
                SupervisorSpawner.newRunId()));
    }

    private static UpRequest request(UpOrder order) {
        UpRequest request = new UpRequest(order.name(), order.flags(), order.configFile(), order.rootPasswordFile(),
                order.provision(), order.reprovision());
        return order.template().map(request::withTemplate).orElse(request);
    }

    @Override
    public Optional<String> down(String name, Duration timeout, boolean force, Consumer<String> progress) throws Exception {
        return ctx.service().down(ctx.existing(name), timeout, force, progress);
    }
}
