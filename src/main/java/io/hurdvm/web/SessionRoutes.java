package io.hurdvm.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.api.ApiContext;
import io.hurdvm.api.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in and out: {@code POST /ui/api/session} with {@code {"token": "..."}} exchanges a token for
 * a session cookie (the only time the token crosses the wire from a browser, in a body, never in a
 * URL); {@code GET} tells the page whether it is logged in, its role and CSRF token; {@code DELETE} ends
 * the session on the server.
 */
final class SessionRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRoutes.class);

    private final WebLogins logins;
    private final WebSessions sessions;
    private final SessionCookie cookie;
    private final ApiContext api;

    SessionRoutes(WebLogins logins, WebSessions sessions, SessionCookie cookie, ApiContext api) {
        this.logins = logins;
        this.sessions = sessions;
        this.cookie = cookie;
        this.api = api;
    }

    void register(RoutesConfig routes) {
        routes.post(WebConsole.SESSION_PATH, this::login);
        routes.get(WebConsole.SESSION_PATH, this::current);
        routes.delete(WebConsole.SESSION_PATH, this::logout);
    }

    private void login(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !SameOrigin.matches(origin, ctx.header("Host"))) {
            throw new ApiException(403, "log in from this server's own page");
        }
        String presented = token(api.bodies().object(ctx));
        Optional<WebRole> role = logins.roleOf(presented);
        if (role.isEmpty()) {
            // Who tried, never what: the presented value may be a real token of something else.
            LOG.warn("web console: login refused (wrong token) from {}", ctx.ip());
            throw new ApiException(401, "wrong token: paste the contents of the token file that 'hurdvm serve' named when it started");
        }
        sessions.find(ctx.cookie(cookie.name())).ifPresent(sessions::end);
        WebSessions.Created created = sessions.create(role.get());
        ctx.header("Set-Cookie", cookie.set(created.cookieValue()));
        LOG.info("web console: {} logged in from {}", role.get().jsonName(), ctx.ip());
        ctx.status(201).json(describe(created.session()));
    }

    private static String token(ObjectNode body) {
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("token")) {
                throw ApiException.badRequest("unknown field '" + f + "': send {\"token\": \"...\"}");
            }
        });
        JsonNode t = body.get("token");
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
            throw ApiException.badRequest("send the token as {\"token\": \"...\"}");
        }
        return t.asText().strip();
    }

    /** Public: the login page asks before it knows; no session answers {@code {"role": null}}, not an error. */
    private void current(Context ctx) {
        Optional<WebSession> s = sessions.find(ctx.cookie(cookie.name()));
        if (s.isEmpty()) {
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("role", null);
            ctx.json(none);
            return;
        }
        ctx.json(describe(s.get()));
    }

    private void logout(Context ctx) {
        WebSession s = session(ctx);
        sessions.end(s);
        ctx.header("Set-Cookie", cookie.clear());
        LOG.info("web console: {} logged out from {}", s.role().jsonName(), ctx.ip());
        ctx.json(Map.of("loggedOut", true));
    }

    private static WebSession session(Context ctx) {
        return WebConsole.admitted(ctx).orElseThrow(() ->
                ApiException.badRequest("this request carries no browser session (a bearer token needs none): log in at /"));
    }

    /** What the page keeps in memory (never in storage): its role and the CSRF token to send back. */
    private static Map<String, Object> describe(WebSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", s.role().jsonName());
        m.put("csrfToken", s.csrfToken());
        m.put("expiresAt", s.expiresAt().toString());
        m.put("idleMinutes", WebSessions.IDLE.toMinutes());
        return m;
    }
}
