package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.lifecycle.LifecycleException;
import io.hurdvm.qemu.PortInUseException;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.qmp.QmpException;
import io.hurdvm.secret.SecretFileException;
import io.hurdvm.control.ControlException;
import io.hurdvm.instance.InstanceBusyException;
import io.hurdvm.vm.InvalidSpecException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves the API as JSON {@code {"error": "one line"}} with a status that says whose fault
 * it was: 4xx the request's (nothing was changed), 5xx ours or the VM's. Unexpected exceptions are
 * logged with their stack trace; the client gets their message only.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), javalinMessage(e)));
        routes.exception(InvalidSpecException.class, (e, ctx) -> write(ctx, 400, e.getMessage()));
        routes.exception(IllegalArgumentException.class, (e, ctx) -> write(ctx, 400, e.getMessage()));
        routes.exception(SecretFileException.class, (e, ctx) -> write(ctx, 400, e.getMessage()));
        routes.exception(PortInUseException.class, (e, ctx) -> write(ctx, 409, e.getMessage()));
        routes.exception(InstanceBusyException.class, (e, ctx) -> write(ctx, 409, e.getMessage()));
        routes.exception(LifecycleException.class, (e, ctx) -> write(ctx, statusOf(e.kind()), e.getMessage()));
        routes.exception(QmpCommandException.class, (e, ctx) ->
                write(ctx, 422, error(e.getMessage()).put("errorClass", e.getErrorClass())));
        routes.exception(QmpException.class, (e, ctx) -> write(ctx, 503, e.getMessage()));
        routes.exception(ControlException.class, (e, ctx) -> write(ctx, 503, e.getMessage()));
        routes.exception(TimeoutException.class, (e, ctx) -> write(ctx, 504, "timed out: " + e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        });
    }

    static void write(Context ctx, int status, String message) {
        write(ctx, status, error(message));
    }

    static void write(Context ctx, int status, ObjectNode body) {
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"hurdvm\"");
        }
        ctx.status(status).json(body);
    }

    static ObjectNode error(String message) {
        return JsonFiles.MAPPER.createObjectNode().put("error", oneLine(message));
    }

    private static int statusOf(LifecycleException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case NOT_FOUND -> 404;
            case TIMEOUT -> 504;
            case FAILED -> 500;
        };
    }

    /** Javalin's own errors (no route: 404, another method: 405) carry terse messages; make them say what to do. */
    private static String javalinMessage(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "no such endpoint: see /openapi.json";
            case 405 -> "method not allowed on this path: see /openapi.json";
            default -> e.getMessage();
        };
    }

    private static String oneLine(String s) {
        return s == null ? "error" : s.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
