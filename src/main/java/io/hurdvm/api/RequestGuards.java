package io.hurdvm.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every request before routing: the bearer token or, from the web console, a browser session
 * (unless the path is public), and a defence
 * against a web page in the user's browser driving the API: state-changing requests must say
 * {@code Content-Type: application/json}, which a cross-site form cannot send without a CORS
 * preflight we never grant. (On TCP there is always a token, so a DNS-rebinding page gets nowhere;
 * only a Unix socket, which no browser can reach, may go without one.)
 */
final class RequestGuards implements Handler {
    private final Optional<ApiToken> token;
    private final Set<String> publicPaths;
    private final Optional<WebFrontEnd> web;

    RequestGuards(Optional<ApiToken> token, Set<String> publicPaths, Optional<WebFrontEnd> web) {
        this.token = token;
        this.publicPaths = Set.copyOf(publicPaths);
        this.web = web;
    }

    @Override
    public void handle(Context ctx) {
        boolean isPublic = publicPaths.contains(normalised(ctx.path())) || web.map(w -> w.isPublic(ctx)).orElse(false);
        if (!isPublic && token.isPresent()) {
            String authorization = ctx.header("Authorization");
            // A bearer token wins: scripts never need a session, and a cookie the browser adds on its own
            // must not turn a script's request into a browser's.
            if (authorization == null && web.isPresent() && web.get().presentsSession(ctx)) {
                web.get().authenticate(ctx);
            } else {
                requireBearer(token.get(), authorization);
            }
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

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static String normalised(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
