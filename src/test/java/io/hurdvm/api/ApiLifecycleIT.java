package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.it.TestGuests;
import io.hurdvm.vm.VmState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daemon on the real Linux test guest: lifecycle over HTTP, the CLI's --host, and serve --up with SIGTERM. */
class ApiLifecycleIT {
    private static final String TOKEN = "it-token-0123456789abcdef0123456789";
    @RegisterExtension final ServedHome home = new ServedHome();

    @Test
    void upThroughTheApi_isListedAndReady_thenDownThroughTheApi() throws Exception {
        Path image = TestGuests.linuxGuest();
        Path tokenFile = TestTokens.privateFile(home.hv().home(), TOKEN + "\n");
        ServeProcess serve = home.serve(Map.of(), "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString(),
                "--allow-image-dir", image.getParent().toString(), "--qmp-access", "read-only");
        assertThat(serve.output()).contains("authentication: bearer token from " + tokenFile).doesNotContain(TOKEN);
        ApiTestClient api = new ApiTestClient(serve.base());

        String upBody = "{\"image\": \"" + image + "\", \"memory\": 512, \"accel\": \"tcg\", \"wait\": \"console\", \"timeout\": \"150s\"}";
        HttpResponse<String> up = api.postJson("/v1/instances/vm/up", upBody, TOKEN, Duration.ofSeconds(200));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(ApiTestClient.json(up).path("outcome").asText()).isEqualTo("READY");

        JsonNode list = ApiTestClient.json(api.get("/v1/instances", TOKEN));
        assertThat(list.path("instances").get(0).path("name").asText()).isEqualTo("vm");
        assertThat(list.path("instances").get(0).path("state").asText()).isEqualTo("running");
        assertThat(api.get("/readyz", null).statusCode()).isEqualTo(200);

        HttpResponse<String> qmp = api.postJson("/v1/instances/vm/qmp", "{\"execute\": \"query-status\"}", TOKEN);
        assertThat(ApiTestClient.json(qmp).path("return").path("status").asText()).isEqualTo("running");

        HttpResponse<String> rm = api.send(api.request("/v1/instances/vm").header("Authorization", "Bearer " + TOKEN).DELETE());
        assertThat(rm.statusCode()).as(rm.body()).isEqualTo(409);

        var status = home.hv().run("status", "vm", "--host", serve.base().toString(), "--token-file", tokenFile.toString());
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.stdout()).contains("state:       running (ready: console");
        assertThat(home.hv().run("health", "vm").exitCode()).isZero();

        HttpResponse<String> down = api.postJson("/v1/instances/vm/down", "{\"timeout\": \"60s\"}", TOKEN, Duration.ofSeconds(120));
        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        // The guest's own poweroff when its SSH already works, else the button: both are clean stops.
        assertThat(ApiTestClient.json(down).path("how").asText()).isIn("guest-poweroff", "acpi");
        var health = home.hv().run("health", "vm");
        assertThat(health.exitCode()).as(health.all()).isEqualTo(6);

        // The second start of the same instance: READY from this run, not FAILED from the last one's record.
        HttpResponse<String> again = api.postJson("/v1/instances/vm/up", "{\"wait\": \"console\", \"timeout\": \"150s\"}",
                TOKEN, Duration.ofSeconds(200));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(ApiTestClient.json(again).path("outcome").asText()).isEqualTo("READY");
        HttpResponse<String> downAgain = api.postJson("/v1/instances/vm/down", "{}", TOKEN, Duration.ofSeconds(120));
        assertThat(downAgain.statusCode()).as(downAgain.body()).isEqualTo(200);
        assertThat(serve.output()).doesNotContain(TOKEN).contains("POST /v1/instances/vm/up 200");
    }

    @Test
    void serveUp_bringsTheInstanceUp_andSigtermPowersItOff() throws Exception {
        Map<String, String> env = Map.of("HURDVM_IMAGE", TestGuests.linuxGuest().toString(), "HURDVM_MEMORY", "512",
                "HURDVM_ACCEL", "tcg", "HURDVM_WAIT", "console", "HURDVM_TIMEOUT", "150s");
        ServeProcess serve = home.serve(env, "--listen", "127.0.0.1:0", "--up", "vm");
        Path generated = home.hv().home().resolve("api_token");
        assertThat(serve.output()).contains("authentication: bearer token from " + generated);
        ApiTestClient api = new ApiTestClient(serve.base());

        assertThat(api.get("/readyz", null).statusCode()).as("right after start, vm is still booting").isEqualTo(503);
        awaitReady(api, Duration.ofSeconds(180));
        assertThat(home.hv().run("health", "--host", serve.base().toString()).exitCode()).isZero();
        InstanceState running = home.hv().state("vm");

        assertThat(serve.terminate(Duration.ofSeconds(120))).isNotZero();
        assertThat(ProcessHandle.of(running.qemuPid())).isEmpty();
        assertThat(home.hv().state("vm").state()).isEqualTo(VmState.STOPPED);
        assertThat(Files.readString(home.hv().instanceDir("vm").resolve("console.log"))).contains("hurdvm-test: powering off");
        assertThat(serve.output()).containsAnyOf("vm: stopped (acpi)", "vm: stopped (guest-poweroff)");
    }

    private static void awaitReady(ApiTestClient api, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.get("/readyz", null);
            if (last.statusCode() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("/readyz not 200 within " + timeout + "; last: " + (last == null ? "-" : last.body()));
    }
}
