package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client holding the token may do (serve --qmp-access, --allow-image-dir,
 * --allow-image-url-prefix), against a real server over a real HURDVM_HOME. Refusals need no
 * running VM: ServeAttacksIT shows the same against real QEMU.
 */
class ApiAuthorisationTest {
    private static final String PMEMSAVE = "{\"execute\": \"pmemsave\", \"arguments\": {\"val\": 0, \"size\": 512, \"filename\": \"/tmp/x\"}}";
    @TempDir Path home;
    @TempDir Path images;
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiTestClient start(QmpAccess qmp, ImageAccess imageAccess) throws Exception {
        InstanceService service = new InstanceService(home, io.hurdvm.env.HostEnvironment.empty());
        server = ApiServer.start(TestTokens.loopback().withPolicy(new ApiPolicy(qmp, imageAccess)), service, "test");
        Path base = Files.writeString(images.resolve("vm1-base.img"), "base");
        service.store().create(VmSpec.builder(InstanceName.of("vm1"), base).memoryMib(512).build(), (spec, disk) -> {
            try {
                Files.createFile(disk);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return new ApiTestClient(server.baseUri(), TestTokens.TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"query-status", "pmemsave", "human-monitor-command", "quit"})
    void qmpOff_byDefault_refusesEveryCommand_withOneLineNamingTheFlag(String command) throws Exception {
        ApiTestClient client = start(QmpAccess.OFF, ImageAccess.storeOnly());
        HttpResponse<String> r = client.postJson("/v1/instances/vm1/qmp", "{\"execute\": \"" + command + "\"}", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ApiTestClient.error(r)).startsWith("raw QMP through the API is off on this daemon").contains("--qmp-access read-only");
    }

    @Test
    void qmpReadOnly_allowsTheQueryAllowlist_only_withoutArguments() throws Exception {
        ApiTestClient client = start(QmpAccess.READ_ONLY, ImageAccess.storeOnly());
        // Allowed: gets as far as the instance, which is not running.
        assertThat(client.postJson("/v1/instances/vm1/qmp", "{\"execute\": \"query-status\"}", null).statusCode()).isEqualTo(409);
        for (String body : List.of(PMEMSAVE, "{\"execute\": \"blockdev-add\"}", "{\"execute\": \"nbd-server-start\"}",
                "{\"execute\": \"block-export-add\"}", "{\"execute\": \"query-sgx-capabilities\"}", "{\"execute\": \"quit\"}")) {
            HttpResponse<String> r = client.postJson("/v1/instances/vm1/qmp", body, null);
            assertThat(r.statusCode()).as(body).isEqualTo(403);
            assertThat(ApiTestClient.error(r)).contains("is not allowed by --qmp-access read-only").contains("query-status");
        }
        HttpResponse<String> hmp = client.postJson("/v1/instances/vm1/qmp",
                "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info status\"}}", null);
        assertThat(hmp.statusCode()).isEqualTo(403);
        assertThat(ApiTestClient.error(hmp)).startsWith("human-monitor-command needs 'hurdvm serve --qmp-access full'");
        HttpResponse<String> withArgs = client.postJson("/v1/instances/vm1/qmp", "{\"execute\": \"query-status\", \"arguments\": {\"x\": 1}}", null);
        assertThat(withArgs.statusCode()).isEqualTo(403);
        assertThat(ApiTestClient.error(withArgs)).contains("takes no arguments");
    }

    @Test
    void qmpFull_letsEverythingThrough_toQemu() throws Exception {
        ApiTestClient client = start(QmpAccess.FULL, ImageAccess.storeOnly());
        assertThat(client.postJson("/v1/instances/vm1/qmp", PMEMSAVE, null).statusCode()).as("not running, but not refused").isEqualTo(409);
    }

    @Test
    void qmpAccess_parsesTheFlagsValues() {
        assertThat(QmpAccess.parse("read-only")).isEqualTo(QmpAccess.READ_ONLY);
        assertThat(QmpAccess.parse("FULL")).isEqualTo(QmpAccess.FULL);
        assertThatThrownBy(() -> QmpAccess.parse("yes")).hasMessage("invalid --qmp-access 'yes': use off, read-only or full");
        assertThat(QmpAccess.READ_ONLY_COMMANDS).allMatch(c -> c.startsWith("query-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/shadow", "/root/.ssh/id_rsa", "http://169.254.169.254/latest/x.img", "https://evil.example/x.img",
            "file:///etc/shadow"})
    void upImage_outsideWhatTheOperatorAllowed_is403_andCreatesNothing(String image) throws Exception {
        ApiTestClient client = start(QmpAccess.OFF, ImageAccess.of(List.of(images), List.of("https://images.example.org/hurd/")));
        HttpResponse<String> r = client.postJson("/v1/instances/vm2/up", "{\"image\": \"" + image + "\"}", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ApiTestClient.error(r)).contains("the operator allowed").doesNotContain("\n");
        assertThat(Files.exists(home.resolve("instances").resolve("vm2"))).isFalse();
    }

    @Test
    void upImage_aSymlinkInAnAllowedFolderLeadingOut_is403() throws Exception {
        ApiTestClient client = start(QmpAccess.OFF, ImageAccess.of(List.of(images), List.of()));
        Path link = Files.createSymbolicLink(images.resolve("evil.img"), Path.of("/etc/shadow"));
        HttpResponse<String> r = client.postJson("/v1/instances/vm2/up", "{\"image\": \"" + link + "\"}", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ApiTestClient.error(r)).contains("leads to /etc/shadow");
        HttpResponse<String> dots = client.postJson("/v1/instances/vm2/up", "{\"image\": \"" + images + "/../../etc/shadow\"}", null);
        assertThat(dots.statusCode()).isEqualTo(403);
    }

    @Test
    void upImage_relativeOrUnknownStoreName_is400() throws Exception {
        ApiTestClient client = start(QmpAccess.OFF, ImageAccess.storeOnly());
        assertThat(ApiTestClient.error(client.postJson("/v1/instances/vm2/up", "{\"image\": \"../x.img\"}", null))).contains("absolute path");
        HttpResponse<String> unknown = client.postJson("/v1/instances/vm2/up", "{\"image\": \"nothing:here\"}", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.error(unknown)).contains("no image 'nothing:here' in the daemon's store");
    }

    @Test
    void imageAccess_admitsAllowedFilesAndUrls_asWhatWasChecked() throws Exception {
        Path real = Files.writeString(images.resolve("hurd.img"), "x");
        Files.createSymbolicLink(images.resolve("alias.img"), real);
        ImageAccess access = ImageAccess.of(List.of(images), List.of("https://images.example.org/hurd"));
        var store = new io.hurdvm.image.ImageStore(home);
        assertThat(access.admit(images.resolve("alias.img").toString(), store)).isEqualTo(real.toRealPath().toString());
        assertThat(access.admit("https://images.example.org/hurd/a/x.img", store)).isEqualTo("https://images.example.org/hurd/a/x.img");
        assertThat(access.admit("debian-hurd-amd64", store)).isEqualTo("debian-hurd-amd64");
        for (String refused : List.of("https://images.example.org/hurd-private/x.img", "https://images.example.org/hurd/../x.img",
                "https://images.example.org/hurd/%2e%2e/x.img", "https://user@images.example.org/hurd/x.img",
                "http://images.example.org/hurd/x.img", "https://images.example.org:444/hurd/x.img")) {
            assertThatThrownBy(() -> access.admit(refused, store)).as(refused).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(403));
        }
        assertThat(access.urlPrefixes()).containsExactly(URI.create("https://images.example.org/hurd/"));
        assertThatThrownBy(() -> ImageAccess.of(List.of(home.resolve("missing")), List.of())).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ImageAccess.of(List.of(), List.of("ftp://x/"))).hasMessageContaining("use an http(s) URL");
    }
}
