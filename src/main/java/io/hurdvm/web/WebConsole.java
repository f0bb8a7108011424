package io.hurdvm.web;

import io.hurdvm.api.ApiContext;
import io.hurdvm.api.ApiException;
import io.hurdvm.api.ApiToken;
import io.hurdvm.api.WebFrontEnd;
import io.hurdvm.metrics.Sample;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console of {@code hurdvm serve}: a login page at {@code /}, a dashboard of the instances,
 * their serial consoles and screens in the browser. The page logs in once with a token and then holds
 * a session cookie; it uses the same {@code /v1/instances} API as every client, so the browser can do
 * nothing a token holder could not. What only the browser needs lives under {@code /ui/api/}: the
 * session, the charts' history and the console and screen WebSockets.
 *
 * <p>A browser session is checked like a bearer token on every API request ({@link #authenticate}); a
 * state-changing request must also carry the session's CSRF token in {@value #CSRF_HEADER} (a header
 * no other site's page can set) and, when the browser sends an Origin, come from this server's own.
 */
public final class WebConsole implements WebFrontEnd {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String API = WebAssets.HOSTED + "/api";
    static final String SESSION_PATH = API + "/session";
    static final String METRICS_PATH = API + "/metrics";
    static final String CONSOLE_PATH = API + "/console/{name}";
    static final String SCREEN_PATH = API + "/screen/{name}";
    static final String NO_SESSION = "your web console session has ended (logged out, expired, or serve restarted): log in again";
    private static final String SESSION_ATTRIBUTE = "hurdvm.web.session";
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

    private final WebLogins logins;
    private final SessionCookie cookie;
    private final WebSessions sessions;
    private final Optional<MetricsHistory> history;
    private final WebAssets assets = WebAssets.fromClasspath();
    private final ScheduledExecutorService timer;
    private final List<SocketEndpoint> endpoints = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param operator      the API token: logs in with every right the API gives
     * @param viewer        a second token that logs in read-only ({@code serve --viewer-token-file})
     * @param secureCookies TLS is in front of the browser (serve's own, or a proxy's with --insecure-http)
     * @param metrics       the samples behind {@code /metrics}, for the charts
     */
    public WebConsole(ApiToken operator, Optional<ApiToken> viewer, boolean secureCookies, Optional<Supplier<List<Sample>>> metrics) {
        this(new WebLogins(operator, viewer), new SessionCookie(secureCookies), metrics, Clock.systemUTC());
    }

    WebConsole(WebLogins logins, SessionCookie cookie, Optional<Supplier<List<Sample>>> metrics, Clock clock) {
        this.logins = Objects.requireNonNull(logins, "logins");
        this.cookie = cookie;
        this.sessions = new WebSessions(clock);
        this.history = metrics.map(m -> new MetricsHistory(m, () -> sessions.size() > 0, clock));
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("web-console-timer").daemon().factory());
        timer.scheduleWithFixedDelay(sessions::sweep, SWEEP_EVERY.toSeconds(), SWEEP_EVERY.toSeconds(), TimeUnit.SECONDS);
        history.ifPresent(h -> timer.scheduleWithFixedDelay(h::tick, 0, MetricsHistory.INTERVAL.toSeconds(), TimeUnit.SECONDS));
        if (!assets.present()) {
            LOG.warn("this hurdvm was built without the web console's pages (web/build.mjs did not run): / answers 503");
        }
    }

    /** One line for serve's start message. */
    public String describe() {
        return "log in with the token" + logins.viewer().map(v -> " (or the viewer token from " + v.origin() + ", read-only)").orElse("");
    }

    SessionCookie cookie() {
        return cookie;
    }

    @Override
    public boolean isPublic(Context ctx) {
        String path = ctx.path();
        return path.equals("/")
                || (path.startsWith(WebAssets.HOSTED + "/") && !path.startsWith(API + "/"))
                // Logging in, and asking whether one is logged in: answered without a session.
                || (path.equals(SESSION_PATH) && (ctx.method() == HandlerType.POST || ctx.method() == HandlerType.GET));
    }

    @Override
    public boolean presentsSession(Context ctx) {
        return ctx.cookie(cookie.name()) != null;
    }

    @Override
    public void authenticate(Context ctx) {
        WebSession session = sessionOf(ctx.cookie(cookie.name())).orElseThrow(() -> new ApiException(401, NO_SESSION));
        HandlerType m = ctx.method();
        boolean changes = m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
        if (changes) {
            String origin = ctx.header("Origin");
            if (origin != null && !SameOrigin.matches(origin, ctx.header("Host"))) {
                throw new ApiException(403, "refused: a browser session may only be used from this server's own pages");
            }
            if (!session.csrfMatches(ctx.header(CSRF_HEADER))) {
                throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header: reload the page and try again");
            }
            boolean logout = m == HandlerType.DELETE && ctx.path().equals(SESSION_PATH);
            if (!session.role().mayChange() && !logout) {
                throw new ApiException(403, "this session is read-only (logged in with the viewer token):"
                        + " log in with the API token to change anything");
            }
        }
        ctx.attribute(SESSION_ATTRIBUTE, session);
    }

    Optional<WebSession> sessionOf(String cookieValue) {
        return sessions.find(cookieValue);
    }

    /** The session {@link #authenticate} admitted; empty for a request made with the bearer token. */
    static Optional<WebSession> admitted(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION_ATTRIBUTE));
    }

    @Override
    public void register(JavalinConfig cfg, ApiContext api) {
        cfg.routes.before(SecurityHeaders::apply);
        // Javalin reads the servlet session at every WebSocket upgrade, which would create one and set a
        // JSESSIONID cookie. hurdvm keeps its own sessions and never uses Jetty's: no cookie, nothing kept.
        cfg.jetty.modifyServletContextHandler(h -> {
            SessionHandler jetty = h.getSessionHandler();
            jetty.setUsingCookies(false);
            NullSessionCache none = new NullSessionCache(jetty);
            none.setSessionDataStore(new NullSessionDataStore());
            jetty.setSessionCache(none);
        });
        assets.register(cfg);
        new SessionRoutes(logins, sessions, cookie, api).register(cfg.routes);
        history.ifPresent(h -> cfg.routes.get(METRICS_PATH, ctx -> ctx.json(h.answer())));
        for (SocketEndpoint e : List.of(new SocketEndpoint(SocketEndpoint.Kind.CONSOLE, CONSOLE_PATH, this, api),
                new SocketEndpoint(SocketEndpoint.Kind.SCREEN, SCREEN_PATH, this, api))) {
            e.register(cfg.routes);
            endpoints.add(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        endpoints.forEach(SocketEndpoint::closeAll);
        sessions.endAll();
    }
}
