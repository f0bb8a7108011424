package io.hurdvm.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** WebSocket clients of the web console's endpoints (java.net.http), with the headers a browser would send, or not. */
final class WebSockets {
    private WebSockets() {
    }

    /** Opens a WebSocket; {@code cookie} ("name=value") and {@code origin} are left out when null. */
    static WebSocket open(HttpClient http, URI uri, String cookie, String origin, WebSocket.Listener listener) throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin.replaceAll("/$", ""));
        }
        return b.buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
    }

    /** The HTTP status of the handshake: 101 when accepted (the socket is then dropped), else the refusal's. */
    static int handshakeStatus(HttpClient http, URI uri, String cookie, String origin) throws Exception {
        try {
            open(http, uri, cookie, origin, new WebSocket.Listener() { }).abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }
}
