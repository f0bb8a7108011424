package io.hurdvm.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain java.net.http client for a real {@link ApiServer} on 127.0.0.1, as any HTTP client would
 * talk to it. With a default token, every request carries it unless a call names another one.
 */
final class ApiTestClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String defaultToken;

    /** Sends no token unless a call gives one. */
    ApiTestClient(URI base) {
        this(base, null);
    }

    ApiTestClient(URI base, String defaultToken) {
        this.base = base;
        this.defaultToken = defaultToken;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (defaultToken != null) {
            b.setHeader("Authorization", "Bearer " + defaultToken);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        if (token != null) {
            b.setHeader("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    HttpResponse<String> postJson(String path, String body, String token) throws IOException, InterruptedException {
        return postJson(path, body, token, Duration.ofSeconds(30));
    }

    HttpResponse<String> postJson(String path, String body, String token, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                // A large body waits for the server's go-ahead, as curl does: a server that refuses it by its
                // Content-Length (413) answers before the body is sent, instead of resetting a connection
                // the client is still writing to (which lost the answer now and then on a loaded machine).
                .expectContinue(body.length() > 16 * 1024);
        if (token != null) {
            b.setHeader("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** The one-line message of an error response. */
    static String error(HttpResponse<String> r) throws IOException {
        return json(r).path("error").asText();
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JsonFiles.MAPPER.readTree(r.body());
    }
}
