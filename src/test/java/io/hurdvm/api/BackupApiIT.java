package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.it.TestGuests;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backups over HTTP of the real Linux test guest while it runs: QEMU's backup job through the supervisor. */
class BackupApiIT {
    private static final String BACKUPS = "/v1/instances/vm/backups";
    @RegisterExtension final ServedHome home = new ServedHome();

    @Test
    void backupOfARunningInstance_isOnlineFullThenIncremental_andTheChainVerifiesAndRestores() throws Exception {
        Path target = Files.createDirectories(home.hv().home().resolve("backup-target"));
        ServeProcess serve = home.serve(Map.of("HURDVM_BACKUP_TARGET", target.toUri().toString()), "--listen", "127.0.0.1:0",
                "--allow-image-dir", TestGuests.linuxGuest().getParent().toString(), "--qmp-access", "read-only");
        // No token file given: serve generated one in HURDVM_HOME, which its user may read.
        ApiTestClient api = new ApiTestClient(serve.base(), Files.readString(home.hv().home().resolve("api_token")).strip());
        String upBody = "{\"image\": \"" + TestGuests.linuxGuest() + "\", \"memory\": 512, \"accel\": \"tcg\", \"wait\": \"console\", \"timeout\": \"150s\"}";
        HttpResponse<String> up = api.postJson("/v1/instances/vm/up", upBody, null, Duration.ofSeconds(200));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

        JsonNode full = created(api.postJson(BACKUPS, "", null, Duration.ofMinutes(5)));
        assertThat(full.path("mode").asText()).isEqualTo("online");
        assertThat(full.path("manifest").path("kind").asText()).isEqualTo("full");
        JsonNode incremental = created(api.postJson(BACKUPS, "{}", null, Duration.ofMinutes(5)));
        assertThat(incremental.path("mode").asText()).isEqualTo("online");
        assertThat(incremental.path("manifest").path("kind").asText()).as(incremental.path("kindReason").asText()).isEqualTo("incremental");
        assertThat(incremental.path("manifest").path("parent").asText()).isEqualTo(full.path("manifest").path("id").asText());
        assertThat(incremental.path("summary").path("bytesWritten").asLong()).isLessThan(full.path("summary").path("bytesWritten").asLong());
        assertThat(ApiTestClient.json(api.postJson("/v1/instances/vm/qmp", "{\"execute\": \"query-status\"}", null))
                .path("return").path("status").asText()).as("the guest was never paused for good").isEqualTo("running");

        JsonNode listed = ApiTestClient.json(api.get(BACKUPS, null));
        assertThat(listed.path("backups").findValuesAsText("kind")).containsExactly("full", "incremental");
        HttpResponse<String> verified = api.postJson(BACKUPS + "/latest/verify", "", null, Duration.ofMinutes(2));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);

        JsonNode restored = created(api.postJson(BACKUPS + "/latest/restore", "{\"as\": \"vm-copy\"}", null, Duration.ofMinutes(5)));
        assertThat(restored.path("chain")).hasSize(2);
        assertThat(ApiTestClient.json(api.get("/v1/instances/vm-copy", null)).path("state").asText()).isIn("created", "stopped");
        assertThat(serve.output()).contains("backup of vm: backing up vm (incremental");
    }

    private static JsonNode created(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ApiTestClient.json(r);
    }
}
