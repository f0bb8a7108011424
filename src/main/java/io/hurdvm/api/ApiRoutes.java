package io.hurdvm.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Registers routes with Javalin and remembers them, so the OpenAPI document can be checked against
 * what is really served. Paths use Javalin's and OpenAPI's common {@code {param}} syntax.
 */
public final class ApiRoutes {
    /** A registered route, e.g. {@code POST /v1/instances/{name}/up}. */
    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private final RoutesConfig routes;
    private final List<Route> registered = new ArrayList<>();

    ApiRoutes(RoutesConfig routes) {
        this.routes = routes;
    }

    public ApiRoutes get(String path, Handler handler) {
        routes.get(path, handler);
        return remember("get", path);
    }

    public ApiRoutes post(String path, Handler handler) {
        routes.post(path, handler);
        return remember("post", path);
    }

    public ApiRoutes put(String path, Handler handler) {
        routes.put(path, handler);
        return remember("put", path);
    }

    public ApiRoutes delete(String path, Handler handler) {
        routes.delete(path, handler);
        return remember("delete", path);
    }

    private ApiRoutes remember(String method, String path) {
        registered.add(new Route(method, path));
        return this;
    }

    List<Route> registered() {
        return List.copyOf(registered);
    }
}
