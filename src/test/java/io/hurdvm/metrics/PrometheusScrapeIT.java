package io.hurdvm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the exporter over HTTP and answers queries about it. The exporter is
 * served by a tiny JDK HttpServer here; the daemon's own /metrics route will serve the same text.
 */
class PrometheusScrapeIT {
    @TempDir Path tmp;
    private HttpServer server;
    private HurdvmMetrics metrics;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop(0);
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    @Test
    void prometheus_scrapesTheExporter_andAnswersQueriesAboutTheInstance() throws Exception {
        FakeHome home = new FakeHome(tmp.resolve("home"));
        home.stoppedInstance("web");
        metrics = new HurdvmMetrics(home.home());
        server = serve(metrics);
        String target = "127.0.0.1:" + server.getAddress().getPort();

        try (PrometheusServer prometheus = PrometheusServer.start(java.nio.file.Files.createDirectories(tmp.resolve("prom")),
                target, "/metrics")) {
            JsonNode up = prometheus.awaitQuery("hurdvm_vm_up", PrometheusScrapeIT::hasAnySeries, Duration.ofSeconds(90));
            JsonNode series = up.path("data").path("result").get(0);
            assertThat(series.path("metric").path("instance_name").asText()).isEqualTo("web");
            assertThat(series.path("metric").path("job").asText()).isEqualTo("hurdvm");
            assertThat(series.path("value").get(1).asText()).isEqualTo("0");

            JsonNode stopped = prometheus.awaitQuery("hurdvm_vm_state{state=\"stopped\"} == 1",
                    PrometheusScrapeIT::hasAnySeries, Duration.ofSeconds(30));
            assertThat(stopped.path("data").path("result")).hasSize(1);

            JsonNode target0 = prometheus.targets().path("data").path("activeTargets").get(0);
            assertThat(target0.path("health").asText()).isEqualTo("up");
            assertThat(target0.path("lastError").asText()).isEmpty();
        }
    }

    private static boolean hasAnySeries(JsonNode answer) {
        return "success".equals(answer.path("status").asText()) && !answer.path("data").path("result").isEmpty();
    }

    private static HttpServer serve(HurdvmMetrics metrics) throws java.io.IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/metrics", exchange -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", HurdvmMetrics.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        return s;
    }
}
