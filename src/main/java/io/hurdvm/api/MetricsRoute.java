package io.hurdvm.api;

import java.util.function.Supplier;

/**
 * {@code GET /metrics} in the Prometheus text format, from whatever collects the metrics. Needs the
 * token like every other route when one is configured (Prometheus sends it with
 * {@code authorization: {credentials_file: ...}}); {@code serve --metrics-public} opts out, for
 * scrapers that cannot.
 */
final class MetricsRoute {
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoute() {
    }

    static void register(ApiRoutes routes, Supplier<String> metrics) {
        routes.get(PATH, ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.get()));
    }
}
