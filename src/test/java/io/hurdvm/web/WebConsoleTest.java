package io.hurdvm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.api.ApiServer;
import io.hurdvm.api.ApiServerConfig;
import io.hurdvm.api.ApiTls;
import io.hurdvm.api.ApiToken;
import io.hurdvm.api.ListenAddress;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.metrics.MetricFamily;
import io.hurdvm.metrics.Sample;
import io.hurdvm.secret.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The web console's login, sessions and guards over real HTTP against an in-process {@link ApiServer}
 * (no browser: the browser tests are {@link WebConsoleIT}). What a page of another site, a stolen or
 * old cookie, a viewer, or a request without CSRF token can do: nothing.
 */
class WebConsoleTest {
    private static final String TOKEN = "web-test-token-0123456789abcdef";
    private static final String VIEWER = "web-test-viewer-0123456789abcdef";
    @TempDir Path home;
    @TempDir Path tls;
    private ApiServer server;
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ApiToken token(String value) {
        return new ApiToken(Secret.of(value), Path.of("/test/" + value.substring(0, 8)));
    }

    private void start(Optional<ApiTls> withTls) {
        List<Sample> samples = List.of(Sample.of(MetricFamily.VMI_CPU_USAGE, "vm", 1.5));
        WebConsole web = new WebConsole(token(TOKEN), Optional.of(token(VIEWER)), withTls.isPresent(), Optional.of(() -> samples));
        ApiServerConfig config = ApiServerConfig.of(new ListenAddress("127.0.0.1", 0), Optional.of(token(TOKEN)), withTls, false)
                .withWeb(Optional.of(web));
        server = ApiServer.start(config, new InstanceService(home, io.hurdvm.env.HostEnvironment.empty()), "test");
        base = server.baseUri();
    }

    private void start() {
        start(Optional.empty());
    }

    private String origin() {
        return base.toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> login(String token) throws Exception {
        return send(request("/ui/api/session").header("Content-Type", "application/json").header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + token + "\"}")));
    }

    /** A logged-in browser: its cookie (name=value) and CSRF token. */
    private record Browser(String cookie, String csrf) {
    }

    private Browser loggedIn(String token) throws Exception {
        HttpResponse<String> r = login(token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        return new Browser(cookie, json(r).path("csrfToken").asText());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonFiles.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> post(String path, Browser b, String csrf, String origin) throws Exception {
        HttpRequest.Builder req = request(path).header("Content-Type", "application/json").header("Cookie", b.cookie())
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (csrf != null) {
            req.header(WebConsole.CSRF_HEADER, csrf);
        }
        if (origin != null) {
            req.header("Origin", origin);
        }
        return send(req);
    }

    @Test
    void theLoginPage_andItsFiles_areServedWithTheirTypes_andAPolicyThatAllowsOnlyThisServer() throws Exception {
        start();
        Map<String, String> types = Map.of("/", "text/html", "/ui/console.html", "text/html", "/ui/app.css", "text/css",
                "/ui/dashboard.js", "text/javascript", "/ui/vendor/xterm/xterm.mjs", "text/javascript",
                "/ui/vendor/novnc/core/rfb.js", "text/javascript", "/ui/vendor/uplot/uPlot.esm.js", "text/javascript");
        for (var e : types.entrySet()) {
            HttpResponse<String> r = send(request(e.getKey()));
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(e.getKey()).startsWith(e.getValue());
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(e.getKey()).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("http:", "https:", "*", "unsafe-eval").doesNotContainPattern("script-src[^;]*unsafe-inline");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
        String page = send(request("/")).body();
        assertThat(page).as("no inline script: every script is a file of this server")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=\"/ui/)").doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("//cdn", "https://", "http://");
        assertThat(page).contains("method=\"post\" action=\"/ui/api/session\"").contains("type=\"password\"");
    }

    @Test
    void aWrongToken_is401_withoutACookie_andTheAttemptIsLoggedWithoutWhatWasTyped() throws Exception {
        start();
        Logger log = (Logger) LoggerFactory.getLogger(SessionRoutes.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        log.addAppender(captured);
        try {
            HttpResponse<String> r = login("wrong-but-long-enough-token");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(json(r).path("error").asText()).contains("wrong token");
        } finally {
            log.detachAppender(captured);
        }
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("login refused"))
                .allSatisfy(m -> assertThat(m).doesNotContain("wrong-but-long-enough-token"));
    }

    @Test
    void loginBodies_otherThanJsonWithTheToken_areRefused() throws Exception {
        start();
        HttpResponse<String> form = send(request("/ui/api/session").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
        assertThat(form.statusCode()).as("the page's form without scripts, or another site's form").isEqualTo(415);
        HttpResponse<String> extra = send(request("/ui/api/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + TOKEN + "\", \"remember\": true}")));
        assertThat(extra.statusCode()).isEqualTo(400);
        HttpResponse<String> foreign = send(request("/ui/api/session").header("Content-Type", "application/json")
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + TOKEN + "\"}")));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aSession_readsTheApi_butChangesNeedItsCsrfToken_fromThisOrigin() throws Exception {
        start();
        Browser b = loggedIn(TOKEN);
        HttpResponse<String> session = send(request("/ui/api/session").header("Cookie", b.cookie()));
        assertThat(json(session).path("role").asText()).isEqualTo("operator");
        assertThat(json(session).path("csrfToken").asText()).isEqualTo(b.csrf());
        assertThat(send(request("/v1/instances").header("Cookie", b.cookie())).statusCode()).isEqualTo(200);

        assertThat(post("/v1/instances/vm/down", b, null, origin()).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(post("/v1/instances/vm/down", b, "forged", origin()).statusCode()).as("a wrong one").isEqualTo(403);
        assertThat(post("/v1/instances/vm/down", b, b.csrf(), "http://evil.example").statusCode()).as("another origin").isEqualTo(403);
        HttpResponse<String> admitted = post("/v1/instances/vm/down", b, b.csrf(), origin());
        assertThat(admitted.statusCode()).as("past the guards, the API answers: " + admitted.body()).isEqualTo(404);
        assertThat(post("/v1/instances/vm/down", b, b.csrf(), null).statusCode()).as("no Origin (older browsers)").isEqualTo(404);
    }

    @Test
    void theCsrfTokenOfOneSession_doesNotServeAnother() throws Exception {
        start();
        Browser a = loggedIn(TOKEN);
        Browser b = loggedIn(TOKEN);
        assertThat(post("/v1/instances/vm/down", a, b.csrf(), origin()).statusCode()).isEqualTo(403);
    }

    @Test
    void aViewer_reads_butChangesNothing_exceptLoggingOut() throws Exception {
        start();
        Browser v = loggedIn(VIEWER);
        assertThat(json(send(request("/ui/api/session").header("Cookie", v.cookie()))).path("role").asText()).isEqualTo("viewer");
        assertThat(send(request("/v1/instances").header("Cookie", v.cookie())).statusCode()).isEqualTo(200);
        assertThat(send(request("/ui/api/metrics").header("Cookie", v.cookie())).statusCode()).isEqualTo(200);
        HttpResponse<String> change = post("/v1/instances/vm/up", v, v.csrf(), origin());
        assertThat(change.statusCode()).isEqualTo(403);
        assertThat(json(change).path("error").asText()).contains("read-only");
        HttpResponse<String> out = send(request("/ui/api/session").header("Cookie", v.cookie())
                .header(WebConsole.CSRF_HEADER, v.csrf()).DELETE());
        assertThat(out.statusCode()).isEqualTo(200);
    }

    @Test
    void logout_endsTheSessionOnTheServer_soTheOldCookieIsWorthless() throws Exception {
        start();
        Browser b = loggedIn(TOKEN);
        HttpResponse<String> noCsrf = send(request("/ui/api/session").header("Cookie", b.cookie()).DELETE());
        assertThat(noCsrf.statusCode()).as("logging someone out takes the page's CSRF token too").isEqualTo(403);
        HttpResponse<String> out = send(request("/ui/api/session").header("Cookie", b.cookie())
                .header(WebConsole.CSRF_HEADER, b.csrf()).DELETE());
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("Set-Cookie").orElse("")).startsWith("hurdvm_session=;").contains("Max-Age=0");
        assertThat(send(request("/v1/instances").header("Cookie", b.cookie())).statusCode()).isEqualTo(401);
        assertThat(json(send(request("/ui/api/session").header("Cookie", b.cookie()))).path("role").isNull()).isTrue();
    }

    @Test
    void bearerTokens_keepWorking_andWinOverACookie() throws Exception {
        start();
        assertThat(send(request("/v1/instances").header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
        HttpResponse<String> both = send(request("/v1/instances").header("Authorization", "Bearer " + TOKEN)
                .header("Cookie", "hurdvm_session=stale"));
        assertThat(both.statusCode()).isEqualTo(200);
        HttpResponse<String> scriptPost = send(request("/v1/instances/vm/down").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(scriptPost.statusCode()).as("scripts need no CSRF token").isEqualTo(404);
        assertThat(send(request("/v1/instances").header("Authorization", "Bearer " + VIEWER)).statusCode())
                .as("the viewer token is for the web console's login only").isEqualTo(401);
    }

    @Test
    void nothingBehindTheLoginIsPublic_whateverThePathLooksLike() throws Exception {
        start();
        for (String path : List.of("/v1/instances", "/ui/api/metrics", "/ui/../v1/instances", "/ui/%2e%2e/v1/instances",
                "/ui//../v1/instances", "/ui/api/../../v1/instances", "/UI/api/metrics")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)));
            assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(400, 401, 404);
            assertThat(r.body()).as(path).doesNotContain("\"instances\"");
        }
    }

    @Test
    void theCharts_comeFromTheMetricsSamples() throws Exception {
        start();
        Browser b = loggedIn(TOKEN);
        JsonNode m = awaitMetrics(b);
        assertThat(m.path("intervalSeconds").asInt()).isEqualTo(10);
        assertThat(m.path("instances").get(0).path("name").asText()).isEqualTo("vm");
        assertThat(m.path("instances").get(0).path("points").get(0).path("cpuSeconds").asDouble()).isEqualTo(1.5);
    }

    private JsonNode awaitMetrics(Browser b) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode m = json(send(request("/ui/api/metrics").header("Cookie", b.cookie())));
            if (m.path("instances").size() > 0 || System.nanoTime() > deadline) {
                return m;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void webSockets_needThePagesOrigin_andALiveSession_andTheScreenAnOperator() throws Exception {
        start();
        Browser op = loggedIn(TOKEN);
        Browser viewer = loggedIn(VIEWER);
        URI console = URI.create("ws://" + base.getAuthority() + "/ui/api/console/vm");
        URI screen = URI.create("ws://" + base.getAuthority() + "/ui/api/screen/vm");
        assertThat(handshake(console, null, origin()).status()).isEqualTo(401);
        assertThat(handshake(console, "hurdvm_session=forged", origin()).status()).isEqualTo(401);
        assertThat(handshake(console, op.cookie(), "http://evil.example").status()).isEqualTo(403);
        assertThat(handshake(console, op.cookie(), null).status()).isEqualTo(403);
        assertThat(handshake(screen, viewer.cookie(), origin()).status()).isEqualTo(403);
        Handshake accepted = handshake(console, op.cookie(), origin());
        assertThat(accepted.status()).isEqualTo(101);
        assertThat(accepted.closed().get(10, TimeUnit.SECONDS)).as("then told why there is no console")
                .isEqualTo(CloseCodes.NOT_FOUND + " no instance named 'vm'");
        assertThat(accepted.setCookies()).as("no cookie but ours: Jetty's session stays off").isEmpty();
    }

    @Test
    void overTls_theCookieIsSecure_withTheHostPrefix() throws Exception {
        ApiTls t = certificate();
        start(Optional.of(t));
        http = HttpClient.newBuilder().sslContext(trusting(t.certFile())).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = login(TOKEN);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("__Host-hurdvm_session=").endsWith("; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict; Secure");
    }

    @Test
    void theAccessLog_namesPathsOnly_neverTokensCookiesOrCsrfTokens() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("io.hurdvm.api.access");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        access.addAppender(captured);
        List<String> secrets = new ArrayList<>(List.of(TOKEN, VIEWER));
        try {
            start();
            Browser b = loggedIn(TOKEN);
            secrets.add(b.cookie().substring(b.cookie().indexOf('=') + 1));
            secrets.add(b.csrf());
            send(request("/v1/instances").header("Cookie", b.cookie()));
            post("/v1/instances/vm/down", b, b.csrf(), origin());
            login("wrong-" + TOKEN);
        } finally {
            access.detachAppender(captured);
        }
        assertThat(captured.list).hasSizeGreaterThanOrEqualTo(4);
        for (ILoggingEvent e : captured.list) {
            for (String s : secrets) {
                assertThat(e.getFormattedMessage()).doesNotContain(s);
                assertThat(String.valueOf(e.getKeyValuePairs())).doesNotContain(s);
            }
        }
    }

    @Test
    void theWebConsole_needsAToken() {
        WebConsole web = new WebConsole(token(TOKEN), Optional.empty(), false, Optional.empty());
        try {
            // A Unix socket may go without a token; the web console may not: there would be nothing to log in with.
            assertThatThrownBy(() -> ApiServerConfig.of(ListenAddress.parse("unix:" + home.resolve("api.sock"))).withWeb(Optional.of(web)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a token");
        } finally {
            web.close();
        }
    }

    // ---- helpers ----

    /** A WebSocket handshake's HTTP status, and for an accepted one the close code and reason that followed. */
    private record Handshake(int status, CompletableFuture<String> closed, List<String> setCookies) {
    }

    private Handshake handshake(URI uri, String cookie, String origin) throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        try {
            WebSockets.open(http, uri, cookie, origin, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    closed.complete(statusCode + " " + reason);
                    return null;
                }
            });
            // java.net.http hides the 101 answer's headers; read Jetty's answer off a raw upgrade instead.
            return new Handshake(101, closed, rawUpgradeSetCookies(uri, cookie, origin));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return new Handshake(h.getResponse().statusCode(), closed, List.of());
            }
            throw e;
        }
    }

    /** The Set-Cookie headers of a WebSocket upgrade's answer, read off the wire. */
    private List<String> rawUpgradeSetCookies(URI uri, String cookie, String origin) throws Exception {
        try (java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(5000);
            String req = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Cookie: " + cookie + "\r\nOrigin: " + origin.replaceAll("/$", "") + "\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[4096];
            int n = s.getInputStream().read(head);
            String answer = new String(head, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 101");
            return answer.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie:", 0, 11)).toList();
        }
    }

    private ApiTls certificate() throws Exception {
        Path cert = tls.resolve("c.crt");
        Path key = tls.resolve("c.key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=web", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(),
                "-out", cert.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new ApiTls(cert, key);
    }

    private static SSLContext trusting(Path certFile) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        try (var in = Files.newInputStream(certFile)) {
            ks.setCertificateEntry("web", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
