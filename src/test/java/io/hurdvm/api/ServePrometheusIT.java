package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.it.TestGuests;
import io.hurdvm.metrics.PrometheusServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian package) scrapes a real {@code hurdvm serve} (the packaged jar) that
 * requires a bearer token, while the Linux test guest runs under the real CLI; then the guest is
 * powered off and Prometheus sees that too. One guest boot.
 */
class ServePrometheusIT {
    private static final String VM = "scraped";
    private static final String TOKEN = "prom-it-token-0123456789abcdef0123456789";
    private static final Duration QUERY_DEADLINE = Duration.ofSeconds(90);

    @TempDir Path tmp;
    @RegisterExtension final ServedHome home = new ServedHome();

    @Test
    void prometheus_scrapesServeWithItsToken_andSeesTheRunningGuestsCpuAndBlockReads_thenItsStop() throws Exception {
        var up = home.hv().run(Duration.ofMinutes(4), "up", VM, "--image", TestGuests.linuxGuest().toString(),
                "--memory", "256", "--accel", "tcg", "--wait", "console", "--timeout", "180s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        Path tokenFile = TestTokens.privateFile(home.hv().home(), TOKEN + "\n");
        ServeProcess serve = home.serve(Map.of(), "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString());
        ApiTestClient api = new ApiTestClient(serve.base());

        HttpResponse<String> anonymous = api.get("/metrics", null);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("hurdvm_vm_up");
        assertThat(api.get("/metrics", "not-" + TOKEN).statusCode()).isEqualTo(401);

        Path promDir = Files.createDirectories(tmp.resolve("prom"));
        try (PrometheusServer prometheus = PrometheusServer.start(promDir, serve.base().getAuthority(), "/metrics",
                Optional.of(tokenFile))) {
            // up{} is Prometheus's own verdict on the scrape: 1 only if serve accepted the token and answered.
            prometheus.awaitQuery("up{job=\"" + PrometheusServer.JOB + "\"} == 1", ServePrometheusIT::hasAnySeries, QUERY_DEADLINE);
            JsonNode vmUp = prometheus.awaitQuery(forVm("hurdvm_vm_up", "") + " == 1", ServePrometheusIT::hasAnySeries, QUERY_DEADLINE);
            assertThat(vmUp.path("data").path("result").get(0).path("metric").path("instance").asText())
                    .isEqualTo(serve.base().getAuthority());
            JsonNode cpu = prometheus.awaitQuery(forVm("hurdvm_vmi_cpu_usage_seconds_total", "") + " > 0",
                    ServePrometheusIT::hasAnySeries, QUERY_DEADLINE);
            assertThat(value(cpu)).as("a TCG guest booted to its login prompt has used CPU").isGreaterThan(1.0);
            JsonNode reads = prometheus.awaitQuery(forVm("hurdvm_vmi_storage_read_traffic_bytes_total", ",drive=\"disk0\"") + " > 0",
                    ServePrometheusIT::hasAnySeries, QUERY_DEADLINE);
            assertThat(value(reads)).as("the guest read its kernel and root filesystem").isGreaterThan(64.0 * 1024);

            JsonNode target = prometheus.targets().path("data").path("activeTargets").get(0);
            assertThat(target.path("scrapeUrl").asText()).isEqualTo(serve.base().resolve("/metrics").toString());

            ProcessHandle supervisor = ProcessHandle.of(home.hv().state(VM).supervisorPid()).orElseThrow();
            // Whether 'down' itself answered cleanly is LifecycleIT's business; here the VM only has to stop.
            home.hv().run("down", VM, "--timeout", "60s");
            supervisor.onExit().get(90, TimeUnit.SECONDS);
            prometheus.awaitQuery(forVm("hurdvm_vm_up", "") + " == 0", ServePrometheusIT::hasAnySeries, QUERY_DEADLINE);
            prometheus.awaitQuery(forVm("hurdvm_vm_state", ",state=\"stopped\"") + " == 1", ServePrometheusIT::hasAnySeries, QUERY_DEADLINE);
        }
        assertThat(serve.output()).contains("GET /metrics 401").contains("GET /metrics 200").doesNotContain(TOKEN);
        assertThat(Files.readString(promDir.resolve("prometheus.yml"))).doesNotContain(TOKEN);
    }

    private static String forVm(String metric, String moreLabels) {
        return metric + "{job=\"" + PrometheusServer.JOB + "\",instance_name=\"" + VM + "\"" + moreLabels + "}";
    }

    private static boolean hasAnySeries(JsonNode answer) {
        return "success".equals(answer.path("status").asText()) && !answer.path("data").path("result").isEmpty();
    }

    private static double value(JsonNode answer) {
        return Double.parseDouble(answer.path("data").path("result").get(0).path("value").get(1).asText());
    }
}
