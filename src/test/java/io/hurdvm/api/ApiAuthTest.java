package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hurdvm.lifecycle.InstanceService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ApiAuthTest {
    private static final String TOKEN = "s3cr3t-token-0123456789abcdef";
    private static final String METRICS = "# TYPE hurdvm_up gauge\nhurdvm_up 1\n";

    @TempDir Path home;
    @TempDir Path secrets;
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiTestClient start(boolean metricsPublic) throws Exception {
        Path tokenFile = Files.writeString(secrets.resolve("api_token"), TOKEN + "\n");
        ApiServerConfig config = ApiServerConfig.of(new ListenAddress("127.0.0.1", 0), Optional.of(ApiTokenSource.read(tokenFile, "test")))
                .withMetrics(Optional.of(() -> METRICS), metricsPublic);
        server = ApiServer.start(config, new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
        return new ApiTestClient(server.baseUri());
    }

    @Test
    void withoutToken_401_withWrongToken_401_withRightToken_200() throws Exception {
        ApiTestClient client = start(false);

        HttpResponse<String> none = client.get("/v1/instances", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(ApiTestClient.json(none).path("error").asText()).contains("missing bearer token");

        HttpResponse<String> wrong = client.get("/v1/instances", TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(ApiTestClient.json(wrong).path("error").asText()).isEqualTo("invalid bearer token");
        assertThat(wrong.body()).doesNotContain(TOKEN);

        HttpResponse<String> right = client.get("/v1/instances", TOKEN);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(ApiTestClient.json(right).path("instances").isArray()).isTrue();
    }

    @Test
    void accessLog_recordsMethodPathStatusAndDuration_neverTheToken() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("io.hurdvm.api.access");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        access.addAppender(captured);
        try {
            ApiTestClient client = start(false);
            client.get("/v1/instances", TOKEN);
            client.get("/v1/instances", "wrong-" + TOKEN);
        } finally {
            access.detachAppender(captured);
        }
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).matches("GET /v1/instances 200 \\d+ms"))
                .anySatisfy(m -> assertThat(m).matches("GET /v1/instances 401 \\d+ms"))
                .allSatisfy(m -> assertThat(m).doesNotContain(TOKEN));
        assertThat(captured.list.get(0).getKeyValuePairs()).extracting(kv -> kv.key)
                .containsExactly("method", "path", "status", "durationMs");
    }

    @Test
    void basicAuthScheme_isRejected() throws Exception {
        ApiTestClient client = start(false);
        var r = client.send(client.request("/v1/instances").header("Authorization", "Basic " + TOKEN).GET());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void unknownPaths_needTheTokenToo_soRoutesCannotBeProbed() throws Exception {
        ApiTestClient client = start(false);
        assertThat(client.get("/v1/nothing-here", null).statusCode()).isEqualTo(401);
        HttpResponse<String> authed = client.get("/v1/nothing-here", TOKEN);
        assertThat(authed.statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.json(authed).has("error")).isTrue();
    }

    @Test
    void probesAndApiDescription_arePublic() throws Exception {
        ApiTestClient client = start(false);
        assertThat(client.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(client.get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(client.get("/openapi.json", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metrics_needTheToken_whenATokenIsConfigured() throws Exception {
        ApiTestClient client = start(false);
        assertThat(client.get("/metrics", null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = client.get("/metrics", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(METRICS);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void metricsPublic_servesMetricsWithoutToken_butNothingElse() throws Exception {
        ApiTestClient client = start(true);
        assertThat(client.get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(client.get("/v1/instances", null).statusCode()).isEqualTo(401);
    }
}
