package io.hurdvm.api;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.lifecycle.InstanceService;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP API of {@code hurdvm serve}. Keeps no state of its own: every answer is read from what the
 * supervisors record, through {@link InstanceService}, so the CLI and the API never disagree.
 */
public final class ApiServer implements AutoCloseable {
    private final Javalin app;
    private final ApiServerConfig config;
    private final List<ApiRoutes.Route> routes;
    private final OpenApiDocument openApi;

    private ApiServer(Javalin app, ApiServerConfig config, List<ApiRoutes.Route> routes, OpenApiDocument openApi) {
        this.app = app;
        this.config = config;
        this.routes = routes;
        this.openApi = openApi;
    }

    public static ApiServer start(ApiServerConfig config, InstanceService service, String version) {
        ApiContext api = new ApiContext(service, new InstanceLocks(), new RequestBodies(config.maxBodyBytes()), config.policy());
        // Read before Jetty starts: a bad key or certificate stops serve with one line, not a stack trace.
        Optional<SslContextFactory.Server> ssl = config.tls().map(t -> t.load(SecretFilePolicy.system()));
        OpenApiDocument openApi = OpenApiDocument.build(config.modules(), version);
        AtomicReference<List<ApiRoutes.Route>> registered = new AtomicReference<>();
        Javalin app = Javalin.create(cfg -> {
            configure(cfg, config);
            // With a connector of our own, Javalin adds no TCP connector: the socket is the only way in.
            config.listen().unixSocket().ifPresent(socket ->
                    cfg.jetty.addConnector((server, http) -> UnixSocketListener.connector(server, http, socket)));
            ssl.ifPresent(s -> cfg.jetty.addConnector((server, http) -> ApiTls.connector(server, http, config.listen(), s)));
            ApiRoutes routes = new ApiRoutes(cfg.routes);
            HealthRoutes.register(routes, api, config.requiredInstances());
            routes.get(OpenApiDocument.PATH, ctx -> ctx.json(openApi.json()));
            config.metrics().ifPresent(m -> MetricsRoute.register(routes, m));
            InstanceRoutes.register(routes, api);
            LifecycleRoutes.register(routes, api);
            QmpRoutes.register(routes, api);
            config.modules().forEach(m -> m.register(routes, api));
            registered.set(routes.registered());
            // Not through ApiRoutes: the pages are not part of the API and its OpenAPI description.
            config.web().ifPresent(w -> w.register(cfg, api));
        });
        try {
            start(app, config.listen(), ssl.isPresent());
        } catch (JavalinBindException e) {
            app.stop();
            throw new IllegalStateException("cannot listen on " + config.listen() + ": the port is in use; choose another with --listen", e);
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        return new ApiServer(app, config, registered.get(), openApi);
    }

    private static void start(Javalin app, ListenAddress listen, boolean tls) {
        Optional<Path> socket = listen.unixSocket();
        if (socket.isPresent()) {
            UnixSocketListener.claim(socket.get());
            app.start();
            UnixSocketListener.restrictToOwner(socket.get());
        } else if (tls) {
            app.start(); // the HTTPS connector knows host and port
        } else {
            app.start(listen.host(), listen.port());
        }
    }

    private static void configure(JavalinConfig cfg, ApiServerConfig config) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jsonMapper(new JavalinJackson(JsonFiles.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT), false));
        // Our own limit is enforced while reading (RequestBodies); this one is Javalin's backstop.
        cfg.http.maxRequestSize = config.maxBodyBytes();
        cfg.requestLogger.http(new AccessLog());
        cfg.routes.before(new RequestGuards(config.token(), publicPaths(config), config.web()));
        // A known path with another method is a 405, not a 404; both JSON like every error.
        cfg.http.prefer405over404 = true;
        ApiErrors.register(cfg.routes);
        // Errors Jetty answers itself, before any route (bad URI, 414, 431): JSON too, never HTML.
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
    }

    private static Set<String> publicPaths(ApiServerConfig config) {
        Set<String> paths = new HashSet<>(HealthRoutes.PUBLIC_PATHS);
        // The API description is no secret, and clients need it before they have a token.
        paths.add(OpenApiDocument.PATH);
        if (config.metricsPublic()) {
            paths.add(MetricsRoute.PATH);
        }
        return paths;
    }

    /** The TCP port listened on; 0 on a Unix socket. */
    public int port() {
        return config.listen().unixSocket().isPresent() ? 0 : app.port();
    }

    /** {@code http(s)://HOST:PORT} on TCP; a Unix socket has no such URL: see {@link #listensOn()}. */
    public URI baseUri() {
        if (config.listen().unixSocket().isPresent()) {
            throw new IllegalStateException("the API listens on " + config.listen() + ", which has no http:// URL");
        }
        String host = config.listen().host();
        String scheme = config.tls().isPresent() ? "https" : "http";
        return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** For the user: the base URL on TCP, {@code unix:PATH} on a Unix socket. */
    public String listensOn() {
        return config.listen().unixSocket().isPresent() ? config.listen().toString() : baseUri().toString();
    }

    /** Every route this server answers, in registration order. */
    public List<ApiRoutes.Route> routes() {
        return routes;
    }

    public OpenApiDocument openApi() {
        return openApi;
    }

    @Override
    public void close() {
        config.web().ifPresent(WebFrontEnd::close);
        app.stop();
    }
}
