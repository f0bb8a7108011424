package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.config.SettingKey;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.lifecycle.InstanceService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An API caller cannot widen what the daemon's host exposes: forwards and SSH only on loopback, no
 * provision scripts (root in the guest reaches the host's loopback through QEMU's gateway). Refused
 * before anything is created, against a real server over a real HURDVM_HOME.
 */
class ApiExposureTest {
    @TempDir Path home;
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiTestClient start() throws Exception {
        server = ApiServer.start(TestTokens.loopback(), new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
        return new ApiTestClient(server.baseUri(), TestTokens.TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"forwards\": [\"0.0.0.0:8080:80\"]}", "{\"forwards\": \"8080:80,192.168.1.5:5353:53/udp\"}",
            "{\"ssh-bind\": \"0.0.0.0\"}"})
    void forwardsOrSshBeyondLoopback_are403_andCreateNothing(String body) throws Exception {
        HttpResponse<String> r = start().postJson("/v1/instances/vm2/up", body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(ApiTestClient.error(r)).contains("loopback only").contains("the operator").doesNotContain("\n");
        assertThat(Files.exists(home.resolve("instances").resolve("vm2"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"provision\": [{\"run\": \"id\"}]}", "{\"reprovision\": true}"})
    void provisionScripts_are403(String body) throws Exception {
        HttpResponse<String> r = start().postJson("/v1/instances/vm2/up", body, null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ApiTestClient.error(r)).contains("not accepted through the API").contains("HURDVM_CONFIG");
        assertThat(Files.exists(home.resolve("instances").resolve("vm2"))).isFalse();
    }

    @Test
    void aBadForward_is400_namingIt() throws Exception {
        HttpResponse<String> r = start().postJson("/v1/instances/vm2/up", "{\"forwards\": [\"8080\"]}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.error(r)).startsWith("invalid --forward '8080'");
    }

    @Test
    void loopbackForwards_passTheCheck_asTheOneSettingTheServiceReads() throws Exception {
        ObjectNode body = (ObjectNode) JsonFiles.MAPPER.readTree("{\"forwards\": [\"8080:80\", \"127.0.0.2:5353:53/udp\"], \"ssh-bind\": \"127.0.0.1\"}");
        Map<SettingKey, String> settings = UpBody.settings(body);
        UpBody.requireLoopbackOnly(settings);
        assertThat(settings).containsEntry(SettingKey.FORWARDS, "8080:80,127.0.0.2:5353:53/udp");
        assertThat(UpBody.settings((ObjectNode) JsonFiles.MAPPER.readTree("{\"forwards\": []}"))).containsEntry(SettingKey.FORWARDS, "none");
    }
}
