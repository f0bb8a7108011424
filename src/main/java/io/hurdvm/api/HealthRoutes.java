package io.hurdvm.api;

import io.hurdvm.vm.InstanceName;
import java.util.Map;
import java.util.Set;

/**
 * {@code /healthz}: the daemon process answers. {@code /readyz}: every instance that should run is
 * ready (200), else 503 listing the ones that are not. Both are public: orchestrator probes send no
 * token, and they reveal no more than instance names and states.
 */
final class HealthRoutes {
    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/readyz");

    private HealthRoutes() {
    }

    static void register(ApiRoutes routes, ApiContext api, Set<InstanceName> required) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/readyz", ctx -> {
            ReadinessReport report = ReadinessReport.of(api.service().list(), required);
            ctx.status(report.ready() ? 200 : 503).json(report);
        });
    }
}
