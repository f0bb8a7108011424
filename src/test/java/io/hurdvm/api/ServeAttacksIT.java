package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.it.TestGuests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 12 against the real daemon ({@code java -jar hurdvm.jar serve}) in front of
 * a real QEMU running the Linux test guest (512 MiB, TCG), started once by the CLI. The local user
 * is uid {@code nobody}, through {@code setpriv}; its requests are made with curl.
 */
class ServeAttacksIT {
    private static final String PMEMSAVE = "{\"execute\":\"pmemsave\",\"arguments\":{\"val\":0,\"size\":512,\"filename\":\"%s\"}}";
    private static HurdvmProcess hv;
    private static Path scratch;
    private ServeProcess serve;

    @BeforeAll
    static void bootTheGuest() throws Exception {
        hv = new HurdvmProcess();
        // Root-only, like a folder of root's that a local user must never be able to write into.
        scratch = Files.createTempDirectory(Path.of("/tmp"), "hvattack", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var up = hv.run(Duration.ofMinutes(4), "up", "vm", "--image", TestGuests.linuxGuest().toString(), "--memory", "512",
                "--accel", "tcg", "--wait", "console", "--timeout", "180s");
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    @AfterAll
    static void stopTheGuest() throws IOException {
        if (hv != null) {
            hv.close();
        }
        if (scratch != null) {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @BeforeEach
    void noServe() {
        serve = null;
    }

    @AfterEach
    void stopServe() throws InterruptedException {
        if (serve != null) {
            serve.close();
        }
    }

    private ServeProcess serve(String... args) throws Exception {
        if (serve != null) {
            serve.close();
        }
        serve = ServeProcess.start(hv, Map.of(), args);
        return serve;
    }

    @Test
    void localUserNobody_cannotSendPmemsave_toServeStartedWithoutATokenFile_andNoFileAppears() throws Exception {
        ServeProcess s = serve("--listen", "127.0.0.1:0");
        Path target = scratch.resolve("pmemsave-tokenless");
        Curl r = curlAs("nobody", "-H", "Content-Type: application/json", "-d", PMEMSAVE.formatted(target), s.base() + "/v1/instances/vm/qmp");
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(target).doesNotExist();
        Path generated = hv.home().resolve("api_token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated))).isEqualTo("rw-------");
        assertThat(s.output()).contains("authentication: bearer token from " + generated).doesNotContain(Files.readString(generated).strip());
        assertThat(runAs("nobody", "cat", generated.toString()).exitCode).as("nobody reads the generated token").isNotZero();
    }

    @Test
    void localUserNobody_cannotConnectToAUnixSocketServe() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "hvsock");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // only the socket's own mode protects it
        try {
            Path socket = dir.resolve("api.sock");
            serve("--listen", "unix:" + socket);
            Curl asRoot = curl(List.of("--unix-socket", socket.toString(), "http://localhost/v1/instances"));
            assertThat(asRoot.status()).as(asRoot.toString()).isEqualTo(200);
            Curl asNobody = curlAs("nobody", "--unix-socket", socket.toString(), "http://localhost/v1/instances");
            assertThat(asNobody.status()).as("nobody gets no HTTP answer at all: " + asNobody).isZero();
            assertThat(asNobody.stderr()).contains("Couldn't connect");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        } finally {
            serve.close();
            serve = null;
            deleteTree(dir);
        }
    }

    @Test
    void withAToken_qmpThatReachesHostFiles_isRefusedByDefaultAndByReadOnly_queryStatusWorksReadOnly() throws Exception {
        Path tokenFile = TestTokens.file(hv.home());
        Path pmem = scratch.resolve("pmemsave-token");
        List<String> attacks = List.of(
                PMEMSAVE.formatted(pmem),
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"file\",\"filename\":\"/etc/shadow\",\"node-name\":\"stolen\",\"read-only\":true}}",
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":\"127.0.0.1\",\"port\":\"10809\"}}}}",
                "{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"e\",\"node-name\":\"stolen\"}}",
                "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info status\"}}");
        for (String level : new String[] {null, "read-only"}) {
            ServeProcess s = level == null ? serve("--listen", "127.0.0.1:0", "--token-file", tokenFile.toString())
                    : serve("--listen", "127.0.0.1:0", "--token-file", tokenFile.toString(), "--qmp-access", level);
            ApiTestClient api = new ApiTestClient(s.base(), TestTokens.TOKEN);
            for (String attack : attacks) {
                HttpResponse<String> r = api.postJson("/v1/instances/vm/qmp", attack, null);
                assertThat(r.statusCode()).as((level == null ? "default" : level) + ": " + attack + " -> " + r.body()).isEqualTo(403);
            }
            HttpResponse<String> status = api.postJson("/v1/instances/vm/qmp", "{\"execute\":\"query-status\"}", null);
            if (level == null) {
                assertThat(status.statusCode()).isEqualTo(403);
            } else {
                assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                assertThat(ApiTestClient.json(status).path("return").path("status").asText()).isEqualTo("running");
            }
        }
        assertThat(pmem).doesNotExist();
        assertThat(listens(10809)).as("an NBD server on 10809").isFalse();
    }

    @Test
    void withAToken_upWithAHostFileOrUrlAsImage_isRefused_andCreatesNothing() throws Exception {
        Path tokenFile = TestTokens.file(hv.home());
        ServeProcess s = serve("--listen", "127.0.0.1:0", "--token-file", tokenFile.toString());
        ApiTestClient api = new ApiTestClient(s.base(), TestTokens.TOKEN);
        for (String image : List.of("/etc/shadow", "http://127.0.0.1:9/evil.img", "file:///etc/shadow", TestGuests.linuxGuest().toString())) {
            HttpResponse<String> r = api.postJson("/v1/instances/evil/up", "{\"image\": \"" + image + "\", \"memory\": 512}", null);
            assertThat(r.statusCode()).as(image + " -> " + r.body()).isEqualTo(403);
            assertThat(ApiTestClient.error(r)).contains("the operator allowed");
        }
        assertThat(hv.home().resolve("instances").resolve("evil")).doesNotExist();
    }

    @Test
    void tokenFileOthersCanRead_isRefused_withOneLineNamingChmod600() throws Exception {
        Path tokenFile = TestTokens.file(hv.home());
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        var r = hv.run(Duration.ofSeconds(60), "serve", "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("hurdvm: token file " + tokenFile + " may be read or changed by other users (mode 0644, rw-r--r--):"
                + " run 'chmod 600 " + tokenFile + "'");
    }

    @Test
    void jettysOwnErrors_comeBackAsJson_overRawSockets() throws Exception {
        Path tokenFile = TestTokens.file(hv.home());
        ServeProcess s = serve("--listen", "127.0.0.1:0", "--token-file", tokenFile.toString());
        int port = s.base().getPort();
        String auth = "Authorization: Bearer " + TestTokens.TOKEN + "\r\n";
        assertJsonError(raw(port, "GET /v1/inst%00ances HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n"), 400);
        assertJsonError(raw(port, "GET /%2e%2e/etc/shadow HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n"), 400);
        assertJsonError(raw(port, "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 414);
        assertJsonError(raw(port, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n"), 431);
        assertJsonError(raw(port, "GET /v1/nothing HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n"), 404);
        assertJsonError(raw(port, "DELETE /v1/instances HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n"), 405);
        assertJsonError(raw(port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"), 400);
        assertJsonError(raw(port, "NONSENSE\r\n\r\n"), 400);
    }

    @Test
    void tls_servesHttpsBeyondLoopback_andHealthViaHostTrustsTheGivenCertificate() throws Exception {
        Path tls = Files.createDirectories(hv.home().resolve("tls"));
        Path cert = tls.resolve("cert.pem");
        Path key = tls.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=hurdvm-test",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as(out).isTrue();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        var plain = hv.run(Duration.ofSeconds(60), "serve", "--listen", "0.0.0.0:0");
        assertThat(plain.exitCode()).as(plain.all()).isEqualTo(2);
        assertThat(plain.stderr()).contains("refusing plain HTTP on 0.0.0.0:0");

        ServeProcess s = serve("--listen", "0.0.0.0:0", "--tls-cert", cert.toString(), "--tls-key", key.toString());
        assertThat(s.base().getScheme()).isEqualTo("https");
        String host = "https://127.0.0.1:" + s.base().getPort();
        var health = hv.run(Duration.ofSeconds(60), "health", "vm", "--host", host, "--ca-file", cert.toString());
        assertThat(health.exitCode()).as(health.all()).isZero();
        var untrusted = hv.run(Duration.ofSeconds(60), "health", "vm", "--host", host);
        assertThat(untrusted.exitCode()).isEqualTo(6);
        assertThat(untrusted.stdout()).contains("--ca-file");
        var list = hv.run(Duration.ofSeconds(60), "list", "--host", host, "--ca-file", cert.toString(), "--output", "json");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.stdout()).contains("\"vm\"");
    }

    private static void assertJsonError(String response, int status) throws IOException {
        assertThat(response).as(response).startsWith("HTTP/1.1 " + status + " ");
        int split = response.indexOf("\r\n\r\n");
        String headers = response.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        assertThat(headers).as(response).contains("content-type: application/json");
        JsonNode body = JsonFiles.MAPPER.readTree(response.substring(split + 4));
        assertThat(body.path("error").asText()).as(response).isNotBlank();
        assertThat(response).doesNotContainIgnoringCase("<html");
    }

    /** One request on a fresh connection, as bytes; the whole answer, up to the server closing. */
    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    answer.write(buf, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // Jetty may reset after answering a request it refused to read; what came before counts
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean listens(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** curl's HTTP status (0 when no answer), body and stderr. */
    record Curl(int status, String body, String stderr) {
    }

    private static Curl curlAs(String user, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=nogroup", "--clear-groups"));
        cmd.addAll(curlArgs(List.of(args)));
        return runCurl(cmd);
    }

    private static Curl curl(List<String> args) throws Exception {
        return runCurl(curlArgs(args));
    }

    private static List<String> curlArgs(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "30", "-o", "-", "-w", "\n%{http_code}"));
        cmd.addAll(args);
        return cmd;
    }

    private static Curl runCurl(List<String> cmd) throws Exception {
        Ran r = run(cmd);
        String out = r.stdout.stripTrailing();
        int nl = out.lastIndexOf('\n');
        String code = out.substring(nl + 1).strip();
        return new Curl(code.matches("\\d+") ? Integer.parseInt(code) : -1, nl < 0 ? "" : out.substring(0, nl), r.stderr);
    }

    record Ran(int exitCode, String stdout, String stderr) {
    }

    private static Ran runAs(String user, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=nogroup", "--clear-groups"));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    private static Ran run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile("hvattack", ".out");
        Path err = Files.createTempFile("hvattack", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish within 60 s");
            }
            return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
