package io.hurdvm.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * EXTENSION POINT for the browser front end served beside the API ({@code io.hurdvm.web}). A browser
 * cannot keep the bearer token safe, so it logs in once and then presents a session cookie instead;
 * {@link RequestGuards} asks this front end about such requests. Bearer tokens keep working unchanged.
 */
public interface WebFrontEnd extends AutoCloseable {
    /** Whether the request needs no authentication: the login page, its scripts and styles, the login itself. */
    boolean isPublic(Context ctx);

    /** Whether the request presents a browser session (a session cookie) instead of a bearer token. */
    boolean presentsSession(Context ctx);

    /**
     * Admits a request that {@link #presentsSession presents a session}, or throws an {@link ApiException}:
     * 401 for an unknown or expired session, 403 for a state-changing request without the session's
     * CSRF token or from another origin, or one the session's role may not make.
     */
    void authenticate(Context ctx);

    /** Adds the pages, their endpoints and WebSockets; called once while the server is configured. */
    void register(JavalinConfig cfg, ApiContext api);

    /** Ends what it runs in the background (sessions, consoles, samplers) when the server stops. */
    @Override
    void close();
}
