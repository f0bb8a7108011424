package io.hurdvm.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every request before routing: the bearer token (unless the path is public), and two
 * defences against a web page in the user's browser driving the API: state-changing requests must
 * say {@code Content-Type: application/json}, which a cross-site form cannot send without a CORS
 * preflight we never grant; and without a token the Host header must be a loopback name, which
 * defeats DNS rebinding. A Unix socket skips that last check: no browser can connect to one.
 */
final class RequestGuards implements Handler {
    private final Optional<ApiToken> token;
    private final Set<String> publicPaths;
    private final boolean overTcp;

    /** @param overTcp false when the server listens on a Unix socket only */
    RequestGuards(Optional<ApiToken> token, Set<String> publicPaths, boolean overTcp) {
        this.token = token;
        this.publicPaths = Set.copyOf(publicPaths);
        this.overTcp = overTcp;
    }

    @Override
    public void handle(Context ctx) {
        if (token.isEmpty() && overTcp) {
            requireLoopbackHost(ctx.header("Host"));
        }
        if (!publicPaths.contains(normalised(ctx.path()))) {
            token.ifPresent(t -> requireBearer(t, ctx.header("Authorization")));
        }
        String method = ctx.method().name();
        if ((method.equals("POST") || method.equals("PUT")) && !isJson(ctx.header("Content-Type"))) {
            throw new ApiException(415, "send the request with 'Content-Type: application/json' (even with an empty body)");
        }
    }

    static void requireBearer(ApiToken token, String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, "missing bearer token: send 'Authorization: Bearer <token>'");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "unsupported authorization scheme: send 'Authorization: Bearer <token>'");
        }
        if (!token.matches(authorization.substring(7).strip())) {
            throw new ApiException(401, "invalid bearer token");
        }
    }

    static void requireLoopbackHost(String host) {
        if (host == null) {
            return;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            h = h.substring(1, Math.max(1, h.indexOf(']')));
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        if (!(h.equals("localhost") || h.equals("::1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"))) {
            throw new ApiException(403, "without an API token only loopback host names are accepted in the Host header");
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static String normalised(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
