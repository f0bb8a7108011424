package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.vm.InstanceName;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup routes on a real server over stopped instances with real qcow2 disks: offline backups are
 * made, verified and restored by qemu-img into a real directory target, as the CLI does.
 */
class BackupRoutesTest {
    private static final String BACKUPS = "/v1/instances/vm1/backups";

    @TempDir Path home;
    private Path targetDir;
    private StorageApiServer server;
    private ApiTestClient client;

    @BeforeEach
    void start() throws Exception {
        targetDir = Files.createDirectories(home.resolve("target"));
        server = StorageApiServer.start(home, Map.of("HURDVM_BACKUP_TARGET", targetDir.toUri().toString()));
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void list_isEmpty_thenCreateMakesAnOfflineFullBackup_listedWithTheCliFields() throws Exception {
        instanceWithData("vm1");
        JsonNode empty = ApiTestClient.json(client.get(BACKUPS, null));
        assertThat(empty.path("instance").asText()).isEqualTo("vm1");
        assertThat(empty.path("target").asText()).isEqualTo(targetDir.toUri().toString());
        assertThat(empty.path("backups")).isEmpty();

        JsonNode made = created(client.postJson(BACKUPS, "", null));
        assertThat(made.path("mode").asText()).isEqualTo("offline");
        assertThat(made.path("manifest").path("kind").asText()).isEqualTo("full");
        assertThat(made.path("manifest").path("files").findValuesAsText("name")).containsExactlyInAnyOrder("disk.qcow2", "spec.json");
        assertThat(made.path("summary").path("bytesRead").asLong()).isEqualTo(16L << 20);
        assertThat(made.path("summary").path("bytesWritten").asLong()).isPositive();
        assertThat(made.path("summary").path("seconds").isNumber()).isTrue();

        JsonNode backups = ApiTestClient.json(client.get(BACKUPS, null)).path("backups");
        assertThat(backups).hasSize(1);
        JsonNode row = backups.get(0);
        assertThat(row.fieldNames()).toIterable().containsExactly("id", "time", "kind", "parent", "size", "dataBytes", "encrypted", "schedule");
        assertThat(row.path("id").asText()).isEqualTo(made.path("manifest").path("id").asText());
        assertThat(Instant.parse(row.path("time").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(row.path("kind").asText()).isEqualTo("full");
        assertThat(row.path("parent").isNull()).isTrue();
        assertThat(row.path("size").asLong()).isPositive();
    }

    @Test
    void verify_ofASoundBackup_is200_andOfACorruptedOne_is422NamingTheFile() throws Exception {
        instanceWithData("vm1");
        String id = created(client.postJson(BACKUPS, "{}", null)).path("manifest").path("id").asText();
        HttpResponse<String> sound = client.postJson(BACKUPS + "/" + id + "/verify", "", null);
        assertThat(sound.statusCode()).as(sound.body()).isEqualTo(200);
        assertThat(ApiTestClient.json(sound).path("ok").asBoolean()).isTrue();
        assertThat(ApiTestClient.json(sound).has("error")).isFalse();
        assertThat(ApiTestClient.json(sound).path("bytesRead").asLong()).isPositive();

        flipAByteInTheMiddle(targetDir.resolve("vm1").resolve(id).resolve("disk.qcow2"));
        HttpResponse<String> damaged = client.postJson(BACKUPS + "/latest/verify", "{}", null);
        assertThat(damaged.statusCode()).as(damaged.body()).isEqualTo(422);
        JsonNode report = ApiTestClient.json(damaged);
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("id").asText()).isEqualTo(id);
        assertThat(report.path("problems")).hasSize(1);
        assertThat(report.path("problems").get(0).asText()).isEqualTo("disk.qcow2: sha256 mismatch (stored data is damaged)");
        assertThat(report.path("error").asText()).isEqualTo("backup " + id + " of vm1 is damaged: disk.qcow2: sha256 mismatch (stored data is damaged)");
    }

    @Test
    void verifyAndRestore_ofAnUnknownBackup_are404_andOfAMalformedId_400() throws Exception {
        instanceWithData("vm1");
        assertThat(client.postJson(BACKUPS + "/latest/verify", "", null).statusCode()).as("nothing to take the latest of").isEqualTo(404);
        created(client.postJson(BACKUPS, "", null));
        HttpResponse<String> unknown = client.postJson(BACKUPS + "/20200101T000000Z-abcd/verify", "", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.error(unknown)).startsWith("no backup 20200101T000000Z-abcd of vm1 on " + targetDir.toUri());
        assertThat(client.postJson(BACKUPS + "/20200101T000000Z-abcd/restore", "{\"as\": \"vm2\"}", null).statusCode()).isEqualTo(404);
        assertThat(client.postJson(BACKUPS + "/not-an-id/verify", "", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson(BACKUPS + "/not-an-id/restore", "{\"as\": \"vm2\"}", null).statusCode()).isEqualTo(400);
        assertThat(server.service().store().exists(InstanceName.of("vm2"))).isFalse();
    }

    @Test
    void restore_asANewInstance_hasTheSourceDisk_andOverwritesAnExistingOneOnlyWithReplace() throws Exception {
        InstancePaths source = instanceWithData("vm1");
        String id = created(client.postJson(BACKUPS, "", null)).path("manifest").path("id").asText();

        JsonNode restored = created(client.postJson(BACKUPS + "/" + id + "/restore", "{\"as\": \"vm2\"}", null));
        assertThat(restored.path("instance").asText()).isEqualTo("vm2");
        assertThat(restored.path("chain")).hasSize(1);
        assertThat(restored.path("chain").get(0).asText()).isEqualTo(id);
        assertThat(restored.path("replaced").asBoolean()).isFalse();
        InstancePaths copy = server.service().store().paths(InstanceName.of("vm2"));
        QemuTools.assertSameContent(source.disk(), copy.disk());
        assertThat(server.service().store().loadSpec(InstanceName.of("vm2")).memoryMib()).isEqualTo(512);

        HttpResponse<String> again = client.postJson(BACKUPS + "/" + id + "/restore", "{\"as\": \"vm2\"}", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(ApiTestClient.error(again)).contains("vm2 already exists").contains("{\"replace\": true}");

        QemuTools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 64k", copy.disk().toString());
        JsonNode replaced = created(client.postJson(BACKUPS + "/latest/restore", "{\"as\": \"vm2\", \"replace\": true}", null));
        assertThat(replaced.path("replaced").asBoolean()).isTrue();
        QemuTools.assertSameContent(source.disk(), copy.disk());
    }

    @Test
    void backupsOutliveTheirInstance_listAndRestoreWorkAfterItIsRemoved_butCreateIs404() throws Exception {
        InstancePaths source = instanceWithData("vm1");
        created(client.postJson(BACKUPS, "", null));
        Path saved = Files.copy(source.disk(), home.resolve("vm1-disk-before-rm.qcow2"));
        server.service().store().remove(InstanceName.of("vm1"));

        assertThat(client.postJson(BACKUPS, "", null).statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.json(client.get(BACKUPS, null)).path("backups")).hasSize(1);
        created(client.postJson(BACKUPS + "/latest/restore", "{\"as\": \"vm1\"}", null));
        QemuTools.assertSameContent(saved, server.service().store().paths(InstanceName.of("vm1")).disk());
    }

    @Test
    void prune_keepsTheNewestChains_andNeedsKeepOfAtLeastOne() throws Exception {
        instanceWithData("vm1");
        // Offline backups are always full: each is a chain of its own.
        String first = created(client.postJson(BACKUPS, "", null)).path("manifest").path("id").asText();
        String second = created(client.postJson(BACKUPS, "{\"full\": true}", null)).path("manifest").path("id").asText();

        assertThat(ApiTestClient.error(client.postJson(BACKUPS + "/prune", "{}", null))).startsWith("'keep' is required");
        assertThat(client.postJson(BACKUPS + "/prune", "{\"keep\": 0}", null).statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.json(client.get(BACKUPS, null)).path("backups")).hasSize(2);

        HttpResponse<String> pruned = client.postJson(BACKUPS + "/prune", "{\"keep\": 1}", null);
        assertThat(pruned.statusCode()).as(pruned.body()).isEqualTo(200);
        assertThat(ApiTestClient.json(pruned).path("deleted").get(0).asText()).isEqualTo(first);
        assertThat(ApiTestClient.json(pruned).path("deleted")).hasSize(1);
        assertThat(ApiTestClient.json(client.get(BACKUPS, null)).path("backups").findValuesAsText("id")).containsExactly(second);
        assertThat(targetDir.resolve("vm1").resolve(first)).doesNotExist();
    }

    @Test
    void aTargetInTheBody_orTheQuery_overridesTheDaemonDefault() throws Exception {
        instanceWithData("vm1");
        Path other = Files.createDirectories(home.resolve("other"));
        String otherUri = other.toUri().toString();
        JsonNode made = created(client.postJson(BACKUPS, "{\"target\": \"" + otherUri + "\"}", null));
        assertThat(made.path("target").asText()).isEqualTo(otherUri);
        assertThat(ApiTestClient.json(client.get(BACKUPS, null)).path("backups")).isEmpty();
        String query = BACKUPS + "?target=" + java.net.URLEncoder.encode(otherUri, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ApiTestClient.json(client.get(query, null)).path("backups")).hasSize(1);
        String id = made.path("manifest").path("id").asText();
        HttpResponse<String> v = client.postJson(BACKUPS + "/" + id + "/verify", "{\"target\": \"" + other + "\"}", null);
        assertThat(v.statusCode()).as("a plain absolute path is a file target too").isEqualTo(200);
    }

    @Test
    void openApi_describesEveryBackupRoute_withTheSharedPiecesResolved() throws Exception {
        JsonNode served = ApiTestClient.json(client.get("/openapi.json", null));
        assertThat(server.server().openApi().operations().stream().filter(op -> op.path().contains("/backups")))
                .as("documented and served").hasSize(5).allMatch(server.server().routes()::contains);
        assertThat(server.server().routes().stream().filter(r -> r.path().contains("/backups"))).hasSize(5);
        JsonNode prune = served.path("paths").path("/v1/instances/{name}/backups/prune").path("post");
        assertThat(prune.path("responses").path("502").path("description").asText()).as("YAML alias resolved").contains("The target failed");
        assertThat(prune.path("requestBody").path("content").path("application/json").path("schema").path("properties")
                .path("target").path("description").asText()).contains("ON THE DAEMON'S HOST");
        assertThat(served.path("paths").path("/v1/instances/{name}/backups/{id}/verify").path("post").path("responses").has("422")).isTrue();
    }

    private InstancePaths instanceWithData(String name) throws Exception {
        InstancePaths paths = server.createStoppedInstance(name);
        QemuTools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 2M", "-c", "write -P 0xc3 9M 64k", paths.disk().toString());
        return paths;
    }

    private static JsonNode created(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ApiTestClient.json(r);
    }

    private static void flipAByteInTheMiddle(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
    }
}
