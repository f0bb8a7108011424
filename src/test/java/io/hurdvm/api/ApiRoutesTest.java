package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes on a real server over a real HURDVM_HOME holding an instance that exists but is not running. */
class ApiRoutesTest {
    @TempDir Path home;
    @TempDir Path files;
    private ApiServer server;
    private InstanceService service;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiTestClient start(ApiServerConfig config) {
        service = new InstanceService(home, io.hurdvm.env.HostEnvironment.empty());
        server = ApiServer.start(config, service, "test");
        return new ApiTestClient(server.baseUri(), TestTokens.TOKEN);
    }

    private ApiTestClient start() {
        return start(TestTokens.loopback());
    }

    /** An instance as 'up' leaves it before the first boot; its disk is an empty stand-in file. */
    private void createStoppedInstance(String name) throws IOException {
        Path image = Files.writeString(files.resolve(name + "-base.img"), "base");
        service.store().create(VmSpec.builder(InstanceName.of(name), image).memoryMib(512).build(), (spec, disk) -> {
            try {
                Files.createFile(disk);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void healthz_answers200() throws Exception {
        HttpResponse<String> r = start().get("/healthz", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ApiTestClient.json(r).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void readyz_is200_withNoInstances() throws Exception {
        HttpResponse<String> r = start().get("/readyz", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ApiTestClient.json(r).path("ready").asBoolean()).isTrue();
    }

    @Test
    void readyz_ignoresStoppedInstances_butNotRequiredOnes() throws Exception {
        ApiTestClient client = start(TestTokens.loopback()
                .withRequiredInstances(Set.of(InstanceName.of("wanted"))));
        createStoppedInstance("idle");
        HttpResponse<String> r = client.get("/readyz", null);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = ApiTestClient.json(r);
        assertThat(body.path("notReady").findValuesAsText("name")).containsExactly("wanted");
        assertThat(body.path("notReady").get(0).path("reason").asText()).isEqualTo("instance does not exist");
    }

    @Test
    void unknownInstance_gets404_onEveryInstanceRoute() throws Exception {
        ApiTestClient client = start();
        assertThat(client.get("/v1/instances/ghost", null).statusCode()).isEqualTo(404);
        assertThat(client.postJson("/v1/instances/ghost/down", "{}", null).statusCode()).isEqualTo(404);
        // Raw QMP is off by default: refused before the instance is even looked up.
        assertThat(client.postJson("/v1/instances/ghost/qmp", "{\"execute\":\"query-status\"}", null).statusCode()).isEqualTo(403);
        HttpResponse<String> delete = client.send(client.request("/v1/instances/ghost").DELETE());
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.json(delete).path("error").asText()).isEqualTo("no instance named 'ghost'");
    }

    @Test
    void listAndGet_showTheStoredInstance() throws Exception {
        ApiTestClient client = start();
        createStoppedInstance("vm1");
        JsonNode list = ApiTestClient.json(client.get("/v1/instances", null));
        assertThat(list.path("instances").findValuesAsText("name")).containsExactly("vm1");
        JsonNode one = ApiTestClient.json(client.get("/v1/instances/vm1", null));
        assertThat(one.path("state").asText()).isEqualTo("created");
        assertThat(one.path("memoryMib").asInt()).isEqualTo(512);
    }

    @Test
    void down_ofAStoppedInstance_saysNotRunning_andValidatesItsBody() throws Exception {
        ApiTestClient client = start();
        createStoppedInstance("vm1");
        JsonNode r = ApiTestClient.json(client.postJson("/v1/instances/vm1/down", "", null));
        assertThat(r.path("stopped").asBoolean()).isFalse();
        assertThat(client.postJson("/v1/instances/vm1/down", "{\"timeout\": \"soon\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/v1/instances/vm1/down", "{\"force\": \"yes\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/v1/instances/vm1/down", "{\"grace\": 5}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void qmp_ofAStoppedInstance_gets409_andItsBodyIsValidated() throws Exception {
        ApiTestClient client = start(TestTokens.loopback().withPolicy(new ApiPolicy(QmpAccess.READ_ONLY, ImageAccess.storeOnly())));
        createStoppedInstance("vm1");
        assertThat(client.postJson("/v1/instances/vm1/qmp", "{\"execute\": \"query-status\"}", null).statusCode()).isEqualTo(409);
        assertThat(client.postJson("/v1/instances/vm1/qmp", "{}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/v1/instances/vm1/qmp", "{\"execute\": \"x; rm\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/v1/instances/vm1/qmp", "{\"execute\": \"stop\", \"arguments\": [1]}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void delete_removesAStoppedInstance() throws Exception {
        ApiTestClient client = start();
        createStoppedInstance("vm1");
        HttpResponse<String> r = client.send(client.request("/v1/instances/vm1").DELETE());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(service.store().list()).isEmpty();
    }

    @Test
    void openApi_describesEveryRegisteredRoute_includingModules() throws Exception {
        ApiTestClient client = start(TestTokens.loopback()
                .withMetrics(Optional.of(() -> ""), false)
                .withModules(List.of(new EchoModule())));
        JsonNode served = ApiTestClient.json(client.get("/openapi.json", null));
        assertThat(served.path("openapi").asText()).startsWith("3.");
        assertThat(server.routes()).contains(new ApiRoutes.Route("get", "/v1/instances/{name}/echo"));
        for (ApiRoutes.Route route : server.routes()) {
            assertThat(served.path("paths").path(route.path()).has(route.method())).as(route + " in /openapi.json").isTrue();
        }
        assertThat(server.openApi().operations()).as("documented but not served")
                .containsExactlyInAnyOrderElementsOf(server.routes());
        assertThat(client.get("/v1/instances/any/echo", null).body()).isEqualTo("{\"echo\":\"any\"}");
    }

    /** What a storage module (snapshots, backups) looks like to the server. */
    private static final class EchoModule implements RouteModule {
        @Override
        public void register(ApiRoutes routes, ApiContext context) {
            routes.get("/v1/instances/{name}/echo", ctx -> ctx.json(Map.of("echo", ctx.pathParam("name"))));
        }

        @Override
        public ObjectNode openApiPaths() {
            ObjectNode paths = JsonFiles.MAPPER.createObjectNode();
            paths.withObject("/~1v1~1instances~1{name}~1echo").withObject("/get").put("summary", "echo the name");
            return paths;
        }
    }
}
