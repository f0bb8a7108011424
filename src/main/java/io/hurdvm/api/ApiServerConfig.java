package io.hurdvm.api;

import io.hurdvm.vm.InstanceName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How the daemon serves: where, with which token, and what else it mounts. The one security rule
 * is enforced here, so no caller can get round it: without a token, loopback or a Unix socket only.
 *
 * @param metrics           Prometheus text exposition for {@code /metrics}, if metrics are collected
 * @param metricsPublic     serve {@code /metrics} without a token even when one is configured
 * @param requiredInstances instances this daemon was asked to keep up ({@code serve --up}): not ready
 *                          until they run and are ready, even if they failed or were never created
 */
public record ApiServerConfig(ListenAddress listen, Optional<ApiToken> token, boolean metricsPublic,
                              Optional<Supplier<String>> metrics, List<RouteModule> modules,
                              Set<InstanceName> requiredInstances, int maxBodyBytes) {
    public ApiServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(metrics, "metrics");
        modules = List.copyOf(modules);
        requiredInstances = Set.copyOf(requiredInstances);
        if (token.isEmpty() && !listen.isLocalOnly()) {
            throw new IllegalArgumentException("refusing to listen on " + listen + " without an API token: give --token-file FILE"
                    + " (or set " + ApiTokenSource.ENV_VAR + ", or mount /run/secrets/api_token), or listen on 127.0.0.1 or unix:PATH");
        }
    }

    /** No metrics, no modules, default body limit: add what you need with the withers. */
    public static ApiServerConfig of(ListenAddress listen, Optional<ApiToken> token) {
        return new ApiServerConfig(listen, token, false, Optional.empty(), List.of(), Set.of(),
                RequestBodies.DEFAULT_MAX_BYTES);
    }

    /** Loopback-style default without a token. */
    public static ApiServerConfig of(ListenAddress listen) {
        return of(listen, Optional.empty());
    }

    public ApiServerConfig withToken(Optional<ApiToken> t) {
        return new ApiServerConfig(listen, t, metricsPublic, metrics, modules, requiredInstances, maxBodyBytes);
    }

    public ApiServerConfig withMetrics(Optional<Supplier<String>> m, boolean isPublic) {
        return new ApiServerConfig(listen, token, isPublic, m, modules, requiredInstances, maxBodyBytes);
    }

    public ApiServerConfig withModules(List<RouteModule> m) {
        return new ApiServerConfig(listen, token, metricsPublic, metrics, m, requiredInstances, maxBodyBytes);
    }

    public ApiServerConfig withRequiredInstances(Set<InstanceName> names) {
        return new ApiServerConfig(listen, token, metricsPublic, metrics, modules, names, maxBodyBytes);
    }

    /** One line for the user: how clients authenticate. Names the token file, never the token. */
    public String authenticationMode() {
        return token.map(t -> "bearer token from " + t.origin()
                        + (metrics.isPresent() && metricsPublic ? "; /metrics is public" : ""))
                .orElse(listen.unixSocket().isPresent()
                        ? "none, Unix socket only (mode 0600: only this user can connect; no token configured)"
                        : "none, loopback only (no token configured: give --token-file to require one)");
    }
}
