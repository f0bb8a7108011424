package io.hurdvm.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus server (Debian package prometheus) on 127.0.0.1 scraping one target every two
 * seconds, with its data in a temp folder. Stopped by its process handle.
 */
public final class PrometheusServer implements AutoCloseable {
    /** The job name of the one scrape config, the {@code job} label of every series. */
    public static final String JOB = "hurdvm";

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Scrapes {@code http://TARGET/metricsPath}; with a credentials file, every scrape sends
     * {@code Authorization: Bearer <its content>}, so the token itself never enters the config or argv.
     */
    public static PrometheusServer start(Path workDir, String target, String metricsPath, Optional<Path> bearerTokenFile)
            throws IOException {
        String authorization = bearerTokenFile.map(f -> """
                    authorization:
                      type: Bearer
                      credentials_file: '%s'
                """.formatted(f)).orElse("");
        // 2 s, not 1 s: a scrape of a running guest through the daemon can take over a second on a
        // loaded 2-core host, and a timed-out scrape would flip up{} to 0 for reasons beside the test.
        Path config = Files.writeString(workDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                %s    static_configs:
                      - targets: ['%s']
                """.formatted(JOB, metricsPath, authorization, target));
        int port = freeLoopbackPort();
        Path log = workDir.resolve("prometheus.log");
        Process p = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PrometheusServer(p, port, log);
    }

    /**
     * Runs an instant query until its answer satisfies {@code accept}, or fails at the deadline with
     * the last answer and Prometheus's log.
     */
    public JsonNode awaitQuery(String promql, Predicate<JsonNode> accept, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            Optional<JsonNode> answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            if (answer.isPresent()) {
                last = answer.get().toString();
                if (accept.test(answer.get())) {
                    return answer.get();
                }
            }
            // Prometheus scrapes every 2 s: polling faster only burns the shared CPU.
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("query " + promql + " not satisfied within " + timeout + "; last answer: " + last
                + "\nprometheus log:\n" + Files.readString(log));
    }

    public JsonNode targets() throws Exception {
        return get("/api/v1/targets").orElseThrow(() -> new AssertionError("prometheus did not answer /api/v1/targets"));
    }

    private Optional<JsonNode> get(String pathAndQuery) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JsonFiles.MAPPER.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not listening yet
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
