package io.hurdvm.api;

import io.hurdvm.instance.JsonFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors, those that never reach a route: a request Jetty cannot parse (a NUL or an
 * ambiguous segment in the path, 400), a URI or headers too long (414, 431), and anything else
 * Jetty answers itself. They leave as {@code {"error": "..."}} like every other API error, never as
 * Jetty's HTML page, and say nothing of the request but its status.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        response.getHeaders().put(JSON);
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    /** Errors found while parsing, before there is a request: Jetty sends the buffer returned here. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        fields.put(ERROR_CACHE_CONTROL);
        return ByteBuffer.wrap(body(status));
    }

    static byte[] body(int status) {
        String json = JsonFiles.MAPPER.createObjectNode().put("error", message(status)).toString();
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "bad request: the request line, path or headers are not valid HTTP (e.g. a NUL or '..' in the path)";
            case 404 -> "no such endpoint: see /openapi.json";
            case 405 -> "method not allowed: see /openapi.json";
            case 413 -> "request too large";
            case 414 -> "request URI too long: shorten the path and query";
            case 431 -> "request headers too large: send fewer or shorter headers";
            default -> "HTTP " + status + " " + HttpStatus.getMessage(status);
        };
    }
}
