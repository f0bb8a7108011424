package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.template.TemplateManifest;
import io.hurdvm.template.TemplateName;
import io.hurdvm.template.TemplateStore;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template routes on a real server over a real HURDVM_HOME (templates and clones made on disk, no QEMU). */
class TemplateRoutesTest {
    @TempDir Path home;
    private ApiServer server;
    private ApiTestClient client;

    @BeforeEach
    void start() {
        server = ApiServer.start(TestTokens.loopback().withModules(List.of(new TemplateRoutes())), new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
        client = new ApiTestClient(server.baseUri(), TestTokens.TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path template(String name) throws IOException {
        TemplateStore store = new TemplateStore(home);
        try (TemplateStore.Staging s = store.begin(TemplateName.of(name))) {
            Files.writeString(s.paths().disk(), "layer");
            Files.writeString(s.paths().state(), "state");
            VmSpec spec = VmSpec.builder(InstanceName.of("src"), Path.of("/base.qcow2")).memoryMib(512).build();
            s.commit(new TemplateManifest(TemplateManifest.FORMAT, name, Instant.now(), "src", "7.2.22", "qemu -m 512M",
                    "a".repeat(64), StoredSpec.from(spec), new TemplateManifest.Layer(5, "b".repeat(64), "/base.qcow2"),
                    new TemplateManifest.State("zstd:1", 5, 9, 100), List.of()));
        }
        return store.paths(TemplateName.of(name)).disk();
    }

    private void clone(String name, Path layer) {
        new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()).store().create(VmSpec.builder(InstanceName.of(name), layer).build(), (spec, disk) -> {
            try {
                Files.writeString(disk, "overlay");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void templates_areListedAndInspected_andRmIsRefusedWhileAClonesUsesTheLayer_namingIt() throws Exception {
        assertThat(ApiTestClient.json(client.get("/v1/templates", null))).isEmpty();
        Path layer = template("base");
        clone("c1", layer);
        JsonNode list = ApiTestClient.json(client.get("/v1/templates", null));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("manifest").path("qemu").asText()).isEqualTo("7.2.22");
        assertThat(list.get(0).path("clones").get(0).asText()).isEqualTo("c1");
        assertThat(ApiTestClient.json(client.get("/v1/templates/base", null)).path("manifest").path("source").asText()).isEqualTo("src");

        HttpResponse<String> refused = client.delete("/v1/templates/base");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(ApiTestClient.error(refused)).contains("used by instance c1");
        new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()).remove(InstanceName.of("c1"));
        HttpResponse<String> removed = client.delete("/v1/templates/base");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(client.get("/v1/templates/base", null).statusCode()).isEqualTo(404);
    }

    @Test
    void create_fromAMissingOrStoppedInstance_orWithABadBody_changesNothing() throws Exception {
        HttpResponse<String> missing = client.postJson("/v1/templates", "{\"name\": \"t\", \"from\": \"nope\"}", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        clone("stopped", Files.writeString(home.resolve("img.qcow2"), "x"));
        HttpResponse<String> stopped = client.postJson("/v1/templates", "{\"name\": \"t\", \"from\": \"stopped\"}", null);
        assertThat(stopped.statusCode()).isEqualTo(409);
        assertThat(ApiTestClient.error(stopped)).contains("is not running");
        assertThat(client.postJson("/v1/templates", "{\"name\": \"../x\", \"from\": \"stopped\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/v1/templates", "{\"name\": \"t\", \"from\": \"stopped\", \"path\": \"/etc\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/v1/templates", "{\"name\": \"t\", \"from\": \"stopped\", \"compression\": \"gzip\"}", null).statusCode()).isEqualTo(400);
        assertThat(Files.exists(home.resolve("templates/t"))).isFalse();
    }

    @Test
    void up_withATemplate_takesANameOnly_andAnUnknownOneOrAMachineSettingBeside_itIsRefused() throws Exception {
        HttpResponse<String> unknown = client.postJson("/v1/instances/c9/up", "{\"template\": \"nope\"}", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.error(unknown)).contains("no template named 'nope'");
        assertThat(client.postJson("/v1/instances/c9/up", "{\"template\": \"/etc/passwd\"}", null).statusCode()).isEqualTo(400);
        assertThat(client.postJson("/v1/instances/c9/up", "{\"template\": 7}", null).statusCode()).isEqualTo(400);
        template("base");
        HttpResponse<String> memory = client.postJson("/v1/instances/c9/up", "{\"template\": \"base\", \"memory\": 4096}", null);
        assertThat(memory.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.error(memory)).contains("--memory cannot be combined with --template");
        assertThat(Files.exists(home.resolve("instances/c9"))).isFalse();
    }

    @Test
    void theOpenApiDocument_describesTheTemplateRoutes_andTheTemplateKeyOfUp() throws Exception {
        JsonNode doc = ApiTestClient.json(client.get("/openapi.json", null));
        assertThat(doc.path("paths").path("/v1/templates").has("post")).isTrue();
        assertThat(doc.path("paths").path("/v1/templates/{template}").has("delete")).isTrue();
        assertThat(doc.path("components").path("schemas").path("UpRequest").path("properties").has("template")).isTrue();
    }
}
