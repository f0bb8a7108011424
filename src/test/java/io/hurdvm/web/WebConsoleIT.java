package io.hurdvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.api.ServeProcess;
import io.hurdvm.api.TestTokens;
import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.it.TestGuests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless chromium through Selenium) against a real
 * {@code hurdvm serve} from the jar and a real guest (the Linux test guest, 512 MiB, VNC on): log in,
 * watch the row come up with its boot phases, use the serial console and the screen, stop the VM with
 * the button. WebSockets without a session or from another site are refused; no secret reaches a log
 * or a page. The steps share one VM (a boot is the slow part), so they run in order. Screenshots of
 * the pages go to docs/ for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebConsoleIT {
    private static final Duration BOOT = Duration.ofSeconds(240);
    private static final Path DOCS = Path.of("docs");
    private final String token = "web-it-" + random();
    private final String viewerToken = "web-it-viewer-" + random();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> pageSources = new ArrayList<>();
    private final List<String> cookieValues = new ArrayList<>();
    private HurdvmProcess hv;
    private ServeProcess serve;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private URI base;

    @BeforeAll
    void startServeAndBrowser() throws Exception {
        assertThat(HeadlessChromium.installed()).as("chromium and chromium-driver are installed (scripts/install-deps)").isTrue();
        hv = new HurdvmProcess();
        Path tokenFile = TestTokens.privateFile(hv.home(), token + "\n");
        Path viewerFile = TestTokens.privateFile(hv.home(), viewerToken + "\n");
        Map<String, String> env = Map.of("HURDVM_IMAGE", TestGuests.linuxGuest().toString(), "HURDVM_MEMORY", "512",
                "HURDVM_ACCEL", "tcg", "HURDVM_VNC", "1", "HURDVM_WAIT", "ssh", "HURDVM_TIMEOUT", BOOT.toSeconds() + "s");
        serve = ServeProcess.start(hv, env, "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString(),
                "--viewer-token-file", viewerFile.toString(), "--up", "vm");
        base = serve.base();
        chromium = HeadlessChromium.start(1280, 800);
        browser = chromium.driver();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            try {
                if (serve != null) {
                    serve.close();
                }
            } finally {
                if (hv != null) {
                    hv.close();
                }
            }
        }
    }

    @Test
    @Order(0)
    void aViewerTokenThatIsTheApiToken_orThatOthersMayRead_isRefused_exit2() throws Exception {
        Path same = TestTokens.privateFile(hv.home(), token + "\n");
        Path tokenFile = TestTokens.privateFile(hv.home(), token + "\n");
        var r = hv.run(Duration.ofSeconds(60), "serve", "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString(),
                "--viewer-token-file", same.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("--viewer-token-file holds the API token itself").doesNotContain(token);
        Path readable = TestTokens.privateFile(hv.home(), "another-viewer-token-0123456789\n");
        Files.setPosixFilePermissions(readable, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        r = hv.run(Duration.ofSeconds(60), "serve", "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString(),
                "--viewer-token-file", readable.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("chmod 600").doesNotContain("another-viewer-token");
    }

    @Test
    @Order(1)
    void aWrongToken_isRefused_andSetsNoCookie() throws Exception {
        browser.get(base.toString());
        WebElement input = waitFor(Duration.ofSeconds(30), ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertThat(browser.switchTo().activeElement()).as("the token field has the focus").isEqualTo(input);
        input.sendKeys("not-the-token-0123456789" + Keys.ENTER);
        WebElement error = waitFor(Duration.ofSeconds(10), ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).contains("Login refused").contains("wrong token");
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(input.getDomProperty("value")).as("the field forgets what was typed").isEmpty();
        keepSource();
    }

    @Test
    @Order(2)
    void theToken_logsIn_withAnHttpOnlyStrictSessionCookie_andNeverLandsInTheUrlOrStorage() throws Exception {
        WebElement input = browser.findElement(By.id("token"));
        input.sendKeys(token + Keys.ENTER);
        waitFor(Duration.ofSeconds(20), ExpectedConditions.visibilityOfElementLocated(By.id("instances")));
        Cookie cookie = browser.manage().getCookieNamed("hurdvm_session");
        assertThat(cookie).as("session cookie").isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.isSecure()).as("plain HTTP on loopback: no Secure flag, or the browser would not send it").isFalse();
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(Duration.between(Instant.now(), cookie.getExpiry().toInstant()))
                .isBetween(WebSessions.LIFETIME.minusMinutes(5), WebSessions.LIFETIME.plusMinutes(1));
        cookieValues.add(cookie.getValue());
        assertThat(browser.getCurrentUrl()).doesNotContain(token);
        Object storage = browser.executeScript("return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])");
        assertThat(storage.toString()).doesNotContain(token).doesNotContain(cookie.getValue());
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("Operator");
        keepSource();
    }

    @Test
    @Order(3)
    void theRow_showsRunning_withItsBootPhases_andTheChartsDraw() throws Exception {
        WebElement row = waitFor(BOOT, d -> {
            WebElement r = d.findElement(By.cssSelector("tr[data-instance=vm]"));
            return r.findElement(By.cssSelector(".state .badge")).getText().equals("running")
                    && r.findElement(By.cssSelector(".state .ready")).getText().contains("ssh") ? r : null;
        });
        List<String> phases = row.findElements(By.cssSelector(".phases li")).stream().map(WebElement::getText).toList();
        assertThat(phases).as("boot phases with their times").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(p -> assertThat(p).matches("[A-Z_]+ \\d+\\.\\d s"));
        assertThat(row.findElement(By.cssSelector(".accel")).getText()).startsWith("tcg");
        assertThat(row.findElement(By.cssSelector(".memory")).getText()).contains("512 MiB guest");
        assertThat(row.findElement(By.cssSelector(".uptime")).getText()).matches("\\d+m? ?\\d*s?.*");
        assertThat(row.findElement(By.cssSelector(".backup")).getText()).isEqualTo("never");
        // The charts: three rounds of samples while QEMU ran are two CPU rates, a line.
        waitFor(Duration.ofSeconds(90), d -> Integer.parseInt(
                java.util.Objects.requireNonNullElse(
                d.findElement(By.cssSelector("figure[data-instance=vm]")).getDomAttribute("data-points"), "0")) >= 3);
        assertThat(browser.findElements(By.cssSelector("figure[data-instance=vm] .uplot canvas"))).hasSize(3);
        browser.executeScript("window.scrollTo(0, 0)");
        chromium.screenshot(DOCS.resolve("web-dashboard.png"));
        keepSource();
    }

    @Test
    @Order(4)
    void atPhoneWidth_theListFitsTheScreen() throws Exception {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            browser.navigate().refresh();
            waitFor(Duration.ofSeconds(20), ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-instance=vm] .badge")));
            Long overflow = (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow).as("no sideways scrolling").isLessThanOrEqualTo(0L);
            chromium.screenshot(DOCS.resolve("web-dashboard-phone.png"));
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(5)
    void theConsole_takesUnameA_andShowsTheGuestsAnswer_whileAViewerWatchesReadOnly() throws Exception {
        browser.get(base.toString());
        // By keyboard: Tab to the row's Console link and press Enter.
        WebElement link = waitFor(Duration.ofSeconds(20), ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-instance=vm] a[data-action=console]")));
        for (int i = 0; i < 40 && !browser.switchTo().activeElement().equals(link); i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(browser.switchTo().activeElement()).as("the Console link is reachable with Tab").isEqualTo(link);
        link.sendKeys(Keys.ENTER);
        waitFor(Duration.ofSeconds(20), d -> d.findElement(By.id("status")).getText().startsWith("Connected: type"));

        Login viewerLogin = login(viewerToken);
        try (ConsoleClient viewer = ConsoleClient.open(http, wsUri("/ui/api/console/vm"), viewerLogin.cookie(), base.toString())) {
            assertThat(viewer.control()).as("the server says the viewer's keys go nowhere").contains("\"readOnly\":true");
            viewer.type("echo VIEWER-$((6*7))-TYPED\r");

            String password = Files.readString(hv.instanceDir("vm").resolve("secrets").resolve("root_password")).strip();
            // Provisioning logged out again, so the console waits at "login:"; log in as a person would.
            if (!typeUntilLastLine(Keys.ENTER.toString(), ".*(login:|#) ").endsWith("# ")) {
                typeUntilLastLine("root" + Keys.ENTER, ".*Password: ");
                typeUntilLastLine(password + Keys.ENTER, ".*# ");
            }
            String answer = command("uname -a");
            assertThat(answer).as("the guest's own answer").matches("Linux \\S+ \\d+\\.\\d+\\S* .*x86_64 GNU/Linux");
            assertThat(command("echo OPERATOR-$((6*7))-DONE")).isEqualTo("OPERATOR-42-DONE");

            viewer.awaitOutput("OPERATOR-42-DONE", Duration.ofSeconds(20));
            assertThat(viewer.output()).as("the viewer sees the console live, but what it typed never reached the guest")
                    .contains("uname -a").doesNotContain("VIEWER-42-TYPED");

            HttpResponse<String> logout = http.send(HttpRequest.newBuilder(base.resolve("/ui/api/session"))
                    .header("Cookie", viewerLogin.cookie()).header(WebConsole.CSRF_HEADER, viewerLogin.csrf()).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(logout.statusCode()).isEqualTo(200);
            assertThat(viewer.closed(Duration.ofSeconds(10))).as("logging out closes the session's consoles")
                    .startsWith(CloseCodes.SESSION_ENDED + " ");
        }
        chromium.screenshot(DOCS.resolve("web-console.png"));
        keepSource();
    }

    @Test
    @Order(6)
    void theScreen_showsTheVncDisplay_andQemuTakesASecondClientMeanwhile() throws Exception {
        browser.get(base.resolve("/ui/screen.html?name=vm").toString());
        waitFor(Duration.ofSeconds(30), d -> d.findElement(By.id("status")).getText().equals("Connected"));
        waitFor(Duration.ofSeconds(30), d -> (Boolean) browser.executeScript(
                "const c = document.querySelector('#screen canvas'); return c !== null && c.width > 0 && c.height > 0"));
        try (RawSocket second = RawSocket.open(http, wsUri("/ui/api/screen/vm"), cookieValues.getFirst(), base.toString())) {
            assertThat(second.first(Duration.ofSeconds(10))).as("QEMU's VNC greeting to a second client").startsWith("RFB 003.");
        }
        assertThat(browser.findElement(By.id("status")).getText()).as("the browser's screen stays connected").isEqualTo("Connected");
        chromium.screenshot(DOCS.resolve("web-screen.png"));
        keepSource();
    }

    @Test
    @Order(7)
    void snapshot_restore_backUp_andVerify_fromTheRow_withAConfirmationBeforeTheRestore() throws Exception {
        browser.get(base.toString());
        clickAction("snapshot");
        WebElement name = waitFor(Duration.ofSeconds(5), ExpectedConditions.visibilityOfElementLocated(By.id("dialog-input")));
        assertThat(name.getDomProperty("value")).startsWith("web-");
        name.clear();
        name.sendKeys("before-test" + Keys.ENTER);
        awaitBanner("snapshot 'before-test' taken (live)");

        clickAction("restore");
        WebElement dialog = waitFor(Duration.ofSeconds(10), ExpectedConditions.visibilityOfElementLocated(By.id("dialog")));
        assertThat(dialog.getText()).contains("Restore vm from a snapshot?").contains("lost");
        assertThat(browser.findElement(By.id("dialog-select")).getText()).contains("before-test");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("dialog-select");
        browser.findElement(By.id("dialog-ok")).click();
        awaitBanner("vm: restored 'before-test' (live)");

        // Backups after the snapshot work: QEMU refuses to load a snapshot while a backup's dirty bitmaps are active.
        clickAction("backup");
        awaitBanner("vm: backup ");
        assertThat(banner()).contains("written (online");
        clickAction("verify");
        awaitBanner("verified: ok");
        waitFor(Duration.ofSeconds(30), d -> d.findElement(By.cssSelector("tr[data-instance=vm] .backup")).getText().endsWith("ago"));
        keepSource();
    }

    @Test
    @Order(8)
    void webSockets_withoutASession_fromAnotherOrigin_orAViewersScreen_areRefused() throws Exception {
        URI console = wsUri("/ui/api/console/vm");
        String session = cookieValues.getFirst();
        assertThat(handshake(console, null, base.toString())).as("no session").isEqualTo(401);
        assertThat(handshake(console, "hurdvm_session=forged-" + random(), base.toString())).as("an unknown session").isEqualTo(401);
        assertThat(handshake(console, "hurdvm_session=" + session, "http://evil.example")).as("another origin").isEqualTo(403);
        assertThat(handshake(console, "hurdvm_session=" + session, null)).as("no Origin").isEqualTo(403);
        assertThat(handshake(wsUri("/ui/api/screen/vm"), loginCookie(viewerToken), base.toString())).as("a viewer's screen").isEqualTo(403);
        assertThat(handshake(console, "hurdvm_session=" + session, base.toString())).as("the page's own, with its session").isEqualTo(101);
    }

    @Test
    @Order(9)
    void theStopButton_stopsTheVm_andTheRowAndTheConsoleSayIt() throws Exception {
        browser.get(base.toString());
        WebElement stop = waitFor(Duration.ofSeconds(20), ExpectedConditions.elementToBeClickable(
                By.cssSelector("tr[data-instance=vm] button[data-action=down]")));
        stop.click();
        WebElement dialog = waitFor(Duration.ofSeconds(5), ExpectedConditions.visibilityOfElementLocated(By.id("dialog")));
        assertThat(dialog.getText()).contains("Stop vm?").contains("lost");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("a dangerous action starts on Cancel").isEqualTo("dialog-cancel");
        browser.findElement(By.id("dialog-ok")).click();
        waitFor(Duration.ofSeconds(10), d -> d.findElement(By.cssSelector("tr[data-instance=vm] .state")).getText()
                .matches("(?s).*(stopping|stopped).*"));
        waitFor(Duration.ofSeconds(120), d -> d.findElement(By.cssSelector("tr[data-instance=vm] .state .badge")).getText().equals("stopped"));
        // The row follows the poll, the banner follows the answer to the stop request: either may come first.
        awaitBanner("vm: stopped (");
        keepSource();

        browser.get(base.resolve("/ui/console.html?name=vm").toString());
        waitFor(Duration.ofSeconds(20), d -> d.findElement(By.id("status")).getText().contains("not running"));
        assertThat(browser.findElement(By.id("status")).getText()).contains("vm is stopped");
        keepSource();
    }

    @Test
    @Order(10)
    void logout_endsTheSessionOnTheServer() throws Exception {
        String session = cookieValues.getFirst();
        browser.get(base.toString());
        waitFor(Duration.ofSeconds(20), ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
        waitFor(Duration.ofSeconds(10), ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(base.resolve("/v1/instances"))
                .header("Cookie", "hurdvm_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the old cookie, replayed").isEqualTo(401);
        keepSource();
    }

    @Test
    @Order(11)
    void noTokenCookieOrPassword_inTheAccessLog_theSupervisorLog_orAnyPage() throws Exception {
        String password = Files.readString(hv.instanceDir("vm").resolve("secrets").resolve("root_password")).strip();
        String accessLog = serve.output();
        String supervisorLog = Files.readString(hv.instanceDir("vm").resolve("supervisor.log"));
        assertThat(accessLog).contains("POST /ui/api/session 201").contains("GET /v1/instances 200");
        List<String> secrets = new ArrayList<>(List.of(token, viewerToken, password));
        secrets.addAll(cookieValues);
        for (String where : List.of(accessLog, supervisorLog, String.join("\n", pageSources))) {
            for (String secret : secrets) {
                assertThat(where).doesNotContain(secret);
            }
        }
        assertThat(pageSources).hasSizeGreaterThanOrEqualTo(6);
    }

    // ---- helpers ----

    private void clickAction(String action) {
        waitFor(Duration.ofSeconds(30), ExpectedConditions.elementToBeClickable(
                By.cssSelector("tr[data-instance=vm] [data-action=" + action + "]"))).click();
    }

    private String banner() {
        return browser.findElement(By.id("banner")).getText();
    }

    /**
     * Waits for the page's message line to say {@code expected}; fails at once when an action reports an
     * error. The line's text, kind and source are read in one script: read one by one, a success that
     * replaced an earlier error between the reads looked like an error with the success's text. A
     * poll's error (the list request failed once) is printed, not fatal: the next poll clears it.
     */
    private void awaitBanner(String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(200)).withMessage(() -> "banner: " + banner())
                .until(d -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> b = (Map<String, Object>) browser.executeScript(
                            "const b = document.getElementById('banner');"
                                    + " return {text: b.textContent, kind: b.className, source: b.dataset.source || ''};");
                    String text = String.valueOf(b.get("text"));
                    if (String.valueOf(b.get("kind")).contains("error") && !text.isBlank()) {
                        if (!"poll".equals(b.get("source"))) {
                            throw new AssertionError("the page reported an error: " + text);
                        }
                        System.err.println("WebConsoleIT: a poll reported (the next one clears it): " + text);
                    }
                    return text.contains(expected);
                });
    }

    private void keepSource() {
        pageSources.add(browser.getPageSource());
    }

    private <T> T waitFor(Duration timeout, java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(200)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition);
    }

    /** Types into the terminal, then waits until its last line (the cursor's) matches {@code lastLine}; returns that line. */
    private String typeUntilLastLine(String keys, String lastLine) {
        browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys(keys);
        return waitForTerminal(d -> {
            String last = lastLine(terminalText());
            return last.matches(lastLine) ? last : null;
        });
    }

    /** Types a command, then waits for the shell's next prompt; returns what the command printed. */
    private String command(String line) {
        browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys(line + Keys.ENTER);
        return waitForTerminal(d -> {
            String text = terminalText();
            int at = text.lastIndexOf("# " + line);
            if (at < 0 || !lastLine(text).endsWith("# ")) {
                return null;
            }
            String after = text.substring(at + 2 + line.length()).strip();
            return after.contains("\n") ? after.substring(0, after.lastIndexOf('\n')).strip() : null;
        });
    }

    /** The terminal's rows as text; xterm.js draws spaces as no-break spaces. */
    private String terminalText() {
        return browser.findElement(By.cssSelector("#terminal .xterm-rows")).getText().replace('\u00a0', ' ');
    }

    private <T> T waitForTerminal(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .withMessage(() -> "terminal shows:\n" + terminalText() + "\nbrowser log: " + browser.manage().logs().get("browser").getAll()
                        + "\nstatus: " + browser.findElement(By.id("status")).getText()).until(condition);
    }

    private static String lastLine(String text) {
        String[] lines = text.stripTrailing().split("\n");
        // xterm pads rows with spaces; the prompt's own trailing space is kept by re-adding one.
        return lines.length == 0 ? "" : lines[lines.length - 1].stripTrailing() + " ";
    }

    private URI wsUri(String path) {
        return URI.create("ws://" + base.getAuthority() + path);
    }

    /** A browser session made over plain HTTP, as the page makes it. */
    private record Login(String cookie, String csrf) {
    }

    /** Logs in over plain HTTP, as the page does, and returns the Cookie header value. */
    private String loginCookie(String withToken) throws Exception {
        return login(withToken).cookie();
    }

    private Login login(String withToken) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/ui/api/session"))
                .header("Content-Type", "application/json").header("Origin", base.toString().replaceAll("/$", ""))
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + withToken + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        String pair = setCookie.split(";", 2)[0];
        cookieValues.add(pair.substring(pair.indexOf('=') + 1));
        String csrf = io.hurdvm.instance.JsonFiles.MAPPER.readTree(login.body()).path("csrfToken").asText();
        return new Login(pair, csrf);
    }

    private int handshake(URI uri, String cookie, String origin) throws Exception {
        return WebSockets.handshakeStatus(http, uri, cookie, origin);
    }

    private static String random() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A second console client over the same WebSocket endpoint the page uses. */
    static final class ConsoleClient implements WebSocket.Listener, AutoCloseable {
        private final StringBuffer output = new StringBuffer();
        private final CompletableFuture<String> control = new CompletableFuture<>();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private WebSocket ws;

        static ConsoleClient open(HttpClient http, URI uri, String cookie, String origin) throws Exception {
            ConsoleClient c = new ConsoleClient();
            c.ws = WebSockets.open(http, uri, cookie, origin, c);
            return c;
        }

        String control() throws Exception {
            return control.get(10, TimeUnit.SECONDS);
        }

        /** "CODE reason" of the close the server sent. */
        String closed(Duration timeout) throws Exception {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        void type(String text) {
            ws.sendText(text, true).join();
        }

        String output() {
            return output.toString();
        }

        void awaitOutput(String expected, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (!output.toString().contains(expected)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the viewer did not see '" + expected + "' within " + timeout + "; saw: " + output);
                }
                Thread.sleep(100);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            control.complete(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            output.append(StandardCharsets.UTF_8.decode(data));
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

    /** The first bytes a WebSocket endpoint sends, as text (e.g. a VNC server's greeting). */
    static final class RawSocket implements WebSocket.Listener, AutoCloseable {
        private final CompletableFuture<String> first = new CompletableFuture<>();
        private WebSocket ws;

        static RawSocket open(HttpClient http, URI uri, String session, String origin) throws Exception {
            RawSocket s = new RawSocket();
            s.ws = WebSockets.open(http, uri, "hurdvm_session=" + session, origin, s);
            return s;
        }

        String first(Duration timeout) throws Exception {
            return first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            first.complete(StandardCharsets.US_ASCII.decode(data).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
