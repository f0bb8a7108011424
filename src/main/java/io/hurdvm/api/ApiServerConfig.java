package io.hurdvm.api;

import io.hurdvm.vm.InstanceName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How the daemon serves: where, with which token, what clients may do, and what else it mounts. The
 * listening rules are enforced here, so no caller can get round them: TCP only with a token
 * (loopback included: every local user can reach loopback); an address beyond loopback only over
 * TLS, unless the operator says {@code --insecure-http}; a Unix socket (0600) may go without a token.
 *
 * @param tls               HTTPS instead of plain HTTP (TCP only)
 * @param insecureHttp      allow plain HTTP beyond loopback (a TLS proxy in front does the encryption)
 * @param policy            what a client with the token may do besides the lifecycle
 * @param metrics           Prometheus text exposition for {@code /metrics}, if metrics are collected
 * @param metricsPublic     serve {@code /metrics} without a token even when one is configured
 * @param requiredInstances instances this daemon was asked to keep up ({@code serve --up}): not ready
 *                          until they run and are ready, even if they failed or were never created
 * @param web               the browser front end (login page, dashboard, consoles), if served; it needs a
 *                          token to log in with
 */
public record ApiServerConfig(ListenAddress listen, Optional<ApiToken> token, Optional<ApiTls> tls, boolean insecureHttp,
                              ApiPolicy policy, boolean metricsPublic, Optional<Supplier<String>> metrics,
                              List<RouteModule> modules, Set<InstanceName> requiredInstances, int maxBodyBytes,
                              Optional<WebFrontEnd> web) {
    public ApiServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(metrics, "metrics");
        modules = List.copyOf(modules);
        requiredInstances = Set.copyOf(requiredInstances);
        Objects.requireNonNull(web, "web");
        if (web.isPresent() && token.isEmpty()) {
            throw new IllegalArgumentException("the web console needs a token to log in with: give --token-file FILE");
        }
        boolean tcp = listen.unixSocket().isEmpty();
        if (tcp && token.isEmpty()) {
            throw new IllegalArgumentException("refusing to listen on " + listen + " without an API token: every local user can"
                    + " reach TCP; give --token-file FILE (or let serve generate one), or listen on unix:PATH");
        }
        if (!tcp && tls.isPresent()) {
            throw new IllegalArgumentException("--tls-cert/--tls-key are for TCP; " + listen + " is a Unix socket, which needs no TLS");
        }
        if (tcp && tls.isEmpty() && !insecureHttp && !listen.isLoopback()) {
            throw new IllegalArgumentException("refusing plain HTTP on " + listen + ": the token would cross the network in clear;"
                    + " give --tls-cert FILE --tls-key FILE, listen on 127.0.0.1 or unix:PATH,"
                    + " or add --insecure-http if a TLS proxy in front of hurdvm encrypts the traffic");
        }
    }

    /** No metrics, no modules, the default policy and body limit: add what you need with the withers. */
    public static ApiServerConfig of(ListenAddress listen, Optional<ApiToken> token, Optional<ApiTls> tls, boolean insecureHttp) {
        return new ApiServerConfig(listen, token, tls, insecureHttp, ApiPolicy.DEFAULT, false, Optional.empty(),
                List.of(), Set.of(), RequestBodies.DEFAULT_MAX_BYTES, Optional.empty());
    }

    /** Plain HTTP (loopback or a Unix socket). */
    public static ApiServerConfig of(ListenAddress listen, Optional<ApiToken> token) {
        return of(listen, token, Optional.empty(), false);
    }

    /** A Unix socket without a token. */
    public static ApiServerConfig of(ListenAddress listen) {
        return of(listen, Optional.empty());
    }

    public ApiServerConfig withToken(Optional<ApiToken> t) {
        return new ApiServerConfig(listen, t, tls, insecureHttp, policy, metricsPublic, metrics, modules, requiredInstances, maxBodyBytes, web);
    }

    public ApiServerConfig withPolicy(ApiPolicy p) {
        return new ApiServerConfig(listen, token, tls, insecureHttp, p, metricsPublic, metrics, modules, requiredInstances, maxBodyBytes, web);
    }

    public ApiServerConfig withMetrics(Optional<Supplier<String>> m, boolean isPublic) {
        return new ApiServerConfig(listen, token, tls, insecureHttp, policy, isPublic, m, modules, requiredInstances, maxBodyBytes, web);
    }

    public ApiServerConfig withModules(List<RouteModule> m) {
        return new ApiServerConfig(listen, token, tls, insecureHttp, policy, metricsPublic, metrics, m, requiredInstances, maxBodyBytes, web);
    }

    public ApiServerConfig withRequiredInstances(Set<InstanceName> names) {
        return new ApiServerConfig(listen, token, tls, insecureHttp, policy, metricsPublic, metrics, modules, names, maxBodyBytes, web);
    }

    public ApiServerConfig withWeb(Optional<WebFrontEnd> w) {
        return new ApiServerConfig(listen, token, tls, insecureHttp, policy, metricsPublic, metrics, modules, requiredInstances, maxBodyBytes, w);
    }

    /** One line for the user: how clients authenticate and what they may do. Names the token file, never the token. */
    public String authenticationMode() {
        String auth = token.map(t -> "bearer token from " + t.origin()
                        + (metrics.isPresent() && metricsPublic ? "; /metrics is public" : ""))
                .orElse("none, Unix socket only (mode 0600: only this user can connect; no token configured)");
        return auth + "; raw QMP: " + policy.qmp().cliName();
    }
}
