package io.hurdvm.api;

import io.hurdvm.instance.InstanceView;
import io.hurdvm.vm.InstanceName;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /healthz}: the daemon process answers. {@code /readyz}: every instance that should run is
 * ready (200), else 503 listing the ones that are not; {@code ?instance=NAME} asks about one. Both are public: orchestrator probes send no
 * token, and they reveal no more than instance names and states.
 */
final class HealthRoutes {
    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/readyz");

    private HealthRoutes() {
    }

    /** {@code /readyz?instance=NAME}: that instance must exist, run and be ready. */
    static ReadinessReport one(ApiContext api, InstanceName name) {
        List<InstanceView> views = api.service().store().exists(name) ? List.of(api.view(name)) : List.of();
        return ReadinessReport.of(views, Set.of(name));
    }

    static void register(ApiRoutes routes, ApiContext api, Set<InstanceName> required) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/readyz", ctx -> {
            String only = ctx.queryParam("instance");
            ReadinessReport report = only == null ? ReadinessReport.of(api.service().list(), required) : one(api, InstanceName.of(only));
            ctx.status(report.ready() ? 200 : 503).json(report);
        });
    }
}
