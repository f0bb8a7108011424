package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.InstancePaths;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The snapshot routes on a real server, over stopped instances with real qcow2 disks (qemu-img). */
class SnapshotRoutesTest {
    private static final String SNAPSHOTS = "/v1/instances/vm1/snapshots";

    @TempDir Path home;
    private StorageApiServer server;
    private ApiTestClient client;

    @BeforeEach
    void start() {
        server = StorageApiServer.start(home);
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void offlineRoundTrip_createListDelete_onAStoppedInstance() throws Exception {
        server.createStoppedInstance("vm1");
        JsonNode empty = ApiTestClient.json(client.get(SNAPSHOTS, null));
        assertThat(empty.path("instance").asText()).isEqualTo("vm1");
        assertThat(empty.path("running").asBoolean()).isFalse();
        assertThat(empty.path("diskVirtualBytes").asLong()).isEqualTo(16L << 20);
        assertThat(empty.path("snapshots")).isEmpty();

        HttpResponse<String> created = client.postJson(SNAPSHOTS, "{\"name\": \"s1\"}", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode made = ApiTestClient.json(created);
        assertThat(made.path("mode").asText()).isEqualTo("offline");
        assertThat(made.path("snapshot").path("name").asText()).isEqualTo("s1");
        assertThat(made.path("snapshot").path("memoryBytes").asLong()).as("disk only").isZero();

        JsonNode listed = ApiTestClient.json(client.get(SNAPSHOTS, null));
        assertThat(listed.path("snapshots").findValuesAsText("name")).containsExactly("s1");
        assertThat(listed.path("snapshots").get(0).fieldNames()).toIterable()
                .containsExactly("name", "id", "created", "vmClockMillis", "memoryBytes");

        HttpResponse<String> again = client.postJson(SNAPSHOTS, "{\"name\": \"s1\"}", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(ApiTestClient.error(again)).contains("already has a snapshot 's1'");

        HttpResponse<String> deleted = client.delete(SNAPSHOTS + "/s1");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(ApiTestClient.json(deleted).path("deleted").asText()).isEqualTo("s1");
        assertThat(ApiTestClient.json(client.get(SNAPSHOTS, null)).path("snapshots")).isEmpty();
    }

    @Test
    void restore_ofAStoppedInstance_needsNoConfirm_andRevertsTheDiskOnly() throws Exception {
        server.createStoppedInstance("vm1");
        assertThat(client.postJson(SNAPSHOTS, "{\"name\": \"base\"}", null).statusCode()).isEqualTo(201);
        HttpResponse<String> r = client.postJson(SNAPSHOTS + "/base/restore", "", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = ApiTestClient.json(r);
        assertThat(body.path("mode").asText()).isEqualTo("offline");
        assertThat(body.path("memoryRestored").asBoolean()).isFalse();
        assertThat(body.path("snapshot").path("name").asText()).isEqualTo("base");
    }

    /**
     * A stand-in supervisor (a sleep process whose pid is in supervisor.pid): enough for the daemon to
     * see the instance running. The 409 comes before any QMP, so no QEMU is needed for the rule.
     */
    @Test
    void restore_whileRunning_withoutConfirm_gets409NamingTheRule_standInSupervisor() throws Exception {
        InstancePaths paths = server.createStoppedInstance("vm1");
        assertThat(client.postJson(SNAPSHOTS, "{\"name\": \"base\"}", null).statusCode()).isEqualTo(201);
        Process standIn = new ProcessBuilder("sleep", "120").start();
        try {
            Files.writeString(paths.supervisorPid(), Long.toString(standIn.pid()));
            HttpResponse<String> r = client.postJson(SNAPSHOTS + "/base/restore", "{}", null);
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(ApiTestClient.error(r)).contains("vm1 is running").contains("{\"confirm\": true}");
            HttpResponse<String> missing = client.postJson(SNAPSHOTS + "/nope/restore", "{}", null);
            assertThat(missing.statusCode()).as("a missing snapshot is reported before asking for confirmation").isEqualTo(404);
        } finally {
            standIn.destroy();
            assertThat(standIn.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void unknownSnapshot_gets404_namingTheExistingOnes() throws Exception {
        server.createStoppedInstance("vm1");
        assertThat(client.postJson(SNAPSHOTS, "{\"name\": \"keep\"}", null).statusCode()).isEqualTo(201);
        HttpResponse<String> d = client.delete(SNAPSHOTS + "/ghost");
        assertThat(d.statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.error(d)).contains("no snapshot 'ghost'").contains("existing: keep");
        assertThat(client.postJson(SNAPSHOTS + "/ghost/restore", "{\"confirm\": true}", null).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownInstance_gets404_onEverySnapshotRoute() throws Exception {
        assertThat(client.get("/v1/instances/ghost/snapshots", null).statusCode()).isEqualTo(404);
        assertThat(client.postJson("/v1/instances/ghost/snapshots", "{\"name\": \"s1\"}", null).statusCode()).isEqualTo(404);
        assertThat(client.postJson("/v1/instances/ghost/snapshots/s1/restore", "{}", null).statusCode()).isEqualTo(404);
        HttpResponse<String> d = client.delete("/v1/instances/ghost/snapshots/s1");
        assertThat(d.statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.error(d)).isEqualTo("no instance named 'ghost'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"name\": 5}", "{\"name\": \"auto-hourly-x\"}", "{\"name\": \"12345\"}",
            "{\"name\": \"a/b\"}", "{\"name\": \"s1\", \"memory\": true}", "[\"s1\"]"})
    void create_withABadBody_gets400_andTakesNoSnapshot(String body) throws Exception {
        server.createStoppedInstance("vm1");
        HttpResponse<String> r = client.postJson(SNAPSHOTS, body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiTestClient.error(r)).isNotBlank();
        assertThat(ApiTestClient.json(client.get(SNAPSHOTS, null)).path("snapshots")).isEmpty();
    }

    @Test
    void create_errorsNameTheRule() throws Exception {
        server.createStoppedInstance("vm1");
        assertThat(ApiTestClient.error(client.postJson(SNAPSHOTS, "{\"name\": \"auto-x\"}", null))).contains("reserved for scheduled snapshots");
        assertThat(ApiTestClient.error(client.postJson(SNAPSHOTS, "{}", null))).isEqualTo("'name' is required, e.g. {\"name\": \"before-upgrade\"}");
        assertThat(ApiTestClient.error(client.postJson(SNAPSHOTS, "{\"nmae\": \"s1\"}", null))).isEqualTo("unknown key 'nmae'; known keys: name");
    }

    @Test
    void restoreAndDelete_validateTheirInput() throws Exception {
        server.createStoppedInstance("vm1");
        assertThat(client.postJson(SNAPSHOTS + "/s1/restore", "{\"confirm\": \"yes\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson(SNAPSHOTS + "/s1/restore", "{\"yes\": true}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson(SNAPSHOTS + "/bad%20name/restore", "{}", null).statusCode()).isEqualTo(400);
        assertThat(client.delete(SNAPSHOTS + "/bad%20name").statusCode()).isEqualTo(400);
    }

    @Test
    void withAToken_everySnapshotRouteNeedsIt() throws Exception {
        server.close();
        server = StorageApiServer.startWithToken(home);
        client = server.client();
        server.createStoppedInstance("vm1");
        assertThat(client.get(SNAPSHOTS, null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(SNAPSHOTS, "{\"name\": \"s1\"}", null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(SNAPSHOTS + "/s1/restore", "{}", null).statusCode()).isEqualTo(401);
        assertThat(client.delete(SNAPSHOTS + "/s1").statusCode()).isEqualTo(401);
        assertThat(ApiTestClient.json(client.get(SNAPSHOTS, null)).path("snapshots").isArray()).isFalse();
        assertThat(client.postJson(SNAPSHOTS, "{\"name\": \"s1\"}", StorageApiServer.TOKEN).statusCode()).isEqualTo(201);
        assertThat(client.get(SNAPSHOTS, StorageApiServer.TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void openApi_describesExactlyTheServedRoutes_withTheStorageModules() throws Exception {
        JsonNode served = ApiTestClient.json(client.get("/openapi.json", null));
        assertThat(server.server().routes()).contains(new ApiRoutes.Route("post", "/v1/instances/{name}/snapshots/{snap}/restore"),
                new ApiRoutes.Route("delete", "/v1/instances/{name}/schedules/{id}"));
        for (ApiRoutes.Route route : server.server().routes()) {
            assertThat(served.path("paths").path(route.path()).has(route.method())).as(route + " in /openapi.json").isTrue();
        }
        // The base document also describes /metrics, which this server (no metrics) does not serve.
        assertThat(server.server().openApi().operations().stream()
                .filter(op -> op.path().contains("/snapshots") || op.path().contains("/schedules")))
                .as("documented but not served").hasSize(7).allMatch(server.server().routes()::contains);
    }
}
