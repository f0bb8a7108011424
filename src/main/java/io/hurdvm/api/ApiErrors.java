package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.ErrorText;
import io.hurdvm.errors.HurdvmException;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.qmp.QmpCommandException;
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
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), javalinMessage(e)));
        routes.exception(QmpCommandException.class, (e, ctx) ->
                write(ctx, ErrorStatus.of(e.kind()), error(e.getMessage(), e.kind()).put("errorClass", e.getErrorClass())));
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), error(e.getMessage(), e.kind())));
        routes.exception(HurdvmException.class, (e, ctx) -> {
            int status = ErrorStatus.of(e.kind());
            if (status >= 500) {
                LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            }
            write(ctx, status, error(e.getMessage(), e.kind()));
        });
        routes.exception(IllegalArgumentException.class, (e, ctx) -> write(ctx, 400, e.getMessage()));
        routes.exception(TimeoutException.class, (e, ctx) -> write(ctx, 504, "timed out: " + e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal error: " + ErrorText.of(e));
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

    /** An error answer that names its kind, which the CLI's --host maps to the local exit code. */
    static ObjectNode error(String message, ErrorKind kind) {
        return error(message).put("kind", ErrorStatus.wireName(kind));
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
