package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.lifecycle.InstanceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad requests get a 4xx JSON error and leave HURDVM_HOME exactly as it was. */
class ApiRequestValidationTest {
    @TempDir Path home;
    @TempDir Path files;
    private ApiServer server;
    private ApiTestClient client;
    private List<String> homeBefore;

    @BeforeEach
    void start() throws IOException {
        ApiPolicy imagesInFiles = new ApiPolicy(QmpAccess.OFF, ImageAccess.of(List.of(files), List.of()));
        server = ApiServer.start(TestTokens.loopback().withPolicy(imagesInFiles), new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
        client = new ApiTestClient(server.baseUri(), TestTokens.TOKEN);
        homeBefore = tree(home);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        assertThat(tree(home)).as("HURDVM_HOME after the request").isEqualTo(homeBefore);
    }

    @Test
    void oversizedBody_withContentLength_gets413() throws Exception {
        String big = "{\"image\": \"" + "x".repeat(RequestBodies.DEFAULT_MAX_BYTES) + "\"}";
        HttpResponse<String> r = client.postJson("/v1/instances/vm/up", big, null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(ApiTestClient.json(r).path("error").asText()).contains("larger than 65536 bytes");
    }

    @Test
    void oversizedBody_chunkedWithoutLength_gets413() throws Exception {
        byte[] big = ("{\"image\": \"" + "x".repeat(200_000) + "\"}").getBytes();
        var request = client.request("/v1/instances/vm/up").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        HttpResponse<String> r = client.send(request);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(ApiTestClient.json(r).has("error")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"memory\": ", "{\"memory\": 512} trailing", "[1, 2]", "\"text\"", "{\"memory\": 1, \"memory\": 2}"})
    void malformedOrNonObjectJson_gets400(String body) throws Exception {
        HttpResponse<String> r = client.postJson("/v1/instances/vm/up", body, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.json(r).path("error").asText()).isNotBlank();
    }

    @Test
    void unknownKey_gets400_namingTheKnownKeys() throws Exception {
        HttpResponse<String> r = client.postJson("/v1/instances/vm/up", "{\"image\": \"/x\", \"memroy\": 512}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.json(r).path("error").asText()).contains("unknown key 'memroy'").contains("memory");
    }

    @Test
    void nonScalarValue_gets400() throws Exception {
        HttpResponse<String> r = client.postJson("/v1/instances/vm/up", "{\"memory\": {\"mib\": 512}}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.json(r).path("error").asText()).contains("'memory' must be a string, number or boolean");
    }

    @Test
    void invalidValue_gets400_beforeAnythingIsCreated() throws Exception {
        Path image = Files.writeString(files.resolve("disk.img"), "not really a disk");
        HttpResponse<String> r = client.postJson("/v1/instances/vm/up",
                "{\"image\": \"" + image + "\", \"memory\": \"lots\"}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.json(r).path("error").asText()).contains("lots");
    }

    @Test
    void invalidWaitCondition_gets400() throws Exception {
        Path image = Files.writeString(files.resolve("disk.img"), "x");
        HttpResponse<String> r = client.postJson("/v1/instances/vm/up", "{\"image\": \"" + image + "\", \"wait\": \"forever\"}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.json(r).path("error").asText()).contains("forever");
    }

    @Test
    void imageThatIsNotADiskImage_gets400() throws Exception {
        Path notADisk = Files.writeString(files.resolve("notes.txt"), "hello\n".repeat(100));
        HttpResponse<String> r = client.postJson("/v1/instances/vm/up", "{\"image\": \"" + notADisk + "\", \"accel\": \"tcg\"}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.json(r).path("error").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"BAD", "../etc", "a/b"})
    void invalidInstanceName_gets400(String name) throws Exception {
        HttpResponse<String> r = client.postJson("/v1/instances/" + name.replace("/", "%2F") + "/up", "{}", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\"");
    }

    @Test
    void postWithoutJsonContentType_gets415() throws Exception {
        var request = client.request("/v1/instances/vm/up").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        HttpResponse<String> r = client.send(request);
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(ApiTestClient.json(r).path("error").asText()).contains("application/json");
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
