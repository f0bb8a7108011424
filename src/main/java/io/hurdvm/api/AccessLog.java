package io.hurdvm.api;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request: method, path, status, duration, also as key-value pairs for the JSON log
 * format. Deliberately nothing else: no headers (Authorization carries the token), no query string,
 * no bodies.
 */
final class AccessLog implements RequestLogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.hurdvm.api.access");

    @Override
    public void handle(Context ctx, Float millis) {
        long ms = Math.round(millis == null ? 0 : millis);
        int status = ctx.status().getCode();
        LOG.atInfo()
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("path", ctx.path())
                .addKeyValue("status", status)
                .addKeyValue("durationMs", ms)
                .log("{} {} {} {}ms", ctx.method().name(), ctx.path(), status, ms);
    }
}
