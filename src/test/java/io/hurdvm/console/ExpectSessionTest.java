package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session talks to a "guest" made of piped streams: what the test writes, the session reads. */
class ExpectSessionTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(10);

    private PipedOutputStream guestSays;
    private PipedInputStream guestHears;
    private ExpectSession session;

    @BeforeEach
    void setUp() throws IOException {
        guestSays = new PipedOutputStream();
        PipedInputStream sessionReads = new PipedInputStream(guestSays, 1 << 16);
        guestHears = new PipedInputStream(1 << 16);
        PipedOutputStream sessionWrites = new PipedOutputStream(guestHears);
        session = new ExpectSession(sessionReads, sessionWrites);
    }

    @AfterEach
    void tearDown() throws IOException {
        guestSays.close();
        session.close();
    }

    private void guest(String text) throws IOException {
        guestSays.write(text.getBytes(StandardCharsets.UTF_8));
        guestSays.flush();
    }

    private String heard(int n) throws IOException {
        return new String(guestHears.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void expect_returnsMatchAndConsumesThroughIt() throws IOException {
        guest("boot...\r\ndebian login: ");
        MatchResult m = session.expect(Pattern.compile("(\\w+) login: "), LONG);
        assertThat(m.group(1)).isEqualTo("debian");

        // Consumed: the same prompt does not match again until the guest prints it again.
        assertThat(session.tryExpect(SHORT, Pattern.compile("login:"))).isEmpty();
        guest("\r\ndebian login: ");
        assertThat(session.expect(Pattern.compile("login: "), LONG).group()).isEqualTo("login: ");
    }

    @Test
    void expect_waitsForOutputThatArrivesLater() throws Exception {
        CompletableFuture<MatchResult> waiting = CompletableFuture.supplyAsync(
                () -> session.expect(Pattern.compile("READY\\d"), LONG));
        guest("not yet\n");
        assertThat(waiting).isNotDone();
        guest("READY7\n");
        assertThat(waiting.get(10, TimeUnit.SECONDS).group()).isEqualTo("READY7");
    }

    @Test
    void expectAny_returnsThePatternThatMatchedEarliestInTheOutput() throws IOException {
        guest("Password: \r\n# ");
        int index = session.expectAny(LONG, Pattern.compile("# "), Pattern.compile("Password: "));
        assertThat(index).isEqualTo(1);
        assertThat(session.expectAny(LONG, Pattern.compile("# "), Pattern.compile("Password: "))).isEqualTo(0);
    }

    @Test
    void timeout_namesWhatWasAwaitedTheTimeoutAndLastTenLinesMasked() throws IOException {
        session.addSecret("s3cr3t");
        for (int i = 1; i <= 12; i++) {
            guest("line " + i + "\r\n");
        }
        guest("echoed s3cr3t\r\n");
        session.expect(Pattern.compile("echoed"), LONG);

        assertThatThrownBy(() -> session.expect(Pattern.compile("login:"), Duration.ofMillis(200)))
                .isInstanceOf(ExpectTimeoutException.class)
                .hasMessageStartingWith("timed out after 200ms waiting for /login:/; last console lines:")
                .hasMessageContaining("  | echoed ******")
                .hasMessageContaining("  | line 4")
                .hasMessageNotContaining("line 3\n")
                .hasMessageNotContaining("s3cr3t")
                .satisfies(e -> assertThat(((ExpectTimeoutException) e).lastLines()).hasSize(10));
    }

    @Test
    void awaitQuiet_returnsOnceTheConsoleStopsPrinting_andFalseWhileItKeepsPrinting() throws Exception {
        guest("Password: ");
        long start = System.nanoTime();
        assertThat(session.awaitQuiet(Duration.ofMillis(200), LONG)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);

        CompletableFuture<Void> chatter = CompletableFuture.runAsync(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            try {
                while (System.nanoTime() < until) {
                    guest(".");
                    TimeUnit.MILLISECONDS.sleep(20); // a chatty guest, not synchronisation
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(session.awaitQuiet(Duration.ofMillis(500), Duration.ofMillis(800))).isFalse();
        chatter.get(10, TimeUnit.SECONDS);
    }

    @Test
    void send_writesTextAndSendLineAddsCarriageReturn() throws IOException {
        session.send("ab");
        session.sendLine("root");
        assertThat(heard(7)).isEqualTo("abroot\r");
        assertThat(session.transcript().dialogue()).isEqualTo("{sent: ab}{sent: root\\r}");
    }

    @Test
    void sendSecret_reachesTheGuestButNotTheTranscript() throws IOException {
        session.sendSecret("pa55word");
        assertThat(heard(9)).isEqualTo("pa55word\r");
        guest("pa55word\r\n# ");
        session.expect(Pattern.compile("# "), LONG);
        assertThat(session.transcript().dialogue()).doesNotContain("pa55word").contains("******");
    }

    @Test
    void multiByteCharactersSplitAcrossWrites_areDecodedWhole() throws IOException {
        byte[] text = "grüße 👋 login: ".getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            guestSays.write(b);
            guestSays.flush();
        }
        assertThat(session.expect(Pattern.compile("grüße 👋 login: "), LONG).group()).isNotEmpty();
    }

    @Test
    void consoleClosingWhileWaiting_failsAtOnceInsteadOfWaitingForTheTimeout() throws Exception {
        CompletableFuture<MatchResult> waiting = CompletableFuture.supplyAsync(
                () -> session.expect(Pattern.compile("never"), Duration.ofMinutes(5)));
        guest("bye\n");
        guestSays.close();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("console closed while waiting for /never/");
    }

    @Test
    void connect_attachesToAUnixSocketThatAppearsLater_andTalksBothWays() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "hv");
        Path sock = dir.resolve("console.sock");
        try {
            CompletableFuture<ExpectSession> connecting = CompletableFuture.supplyAsync(
                    () -> ExpectSession.connect(sock, Duration.ofSeconds(10)));
            try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(sock));
                try (SocketChannel guestSide = server.accept(); ExpectSession s = connecting.get(10, TimeUnit.SECONDS)) {
                    // A read is blocked in the session's reader thread while we write: no deadlock.
                    s.sendLine("root");
                    ByteBuffer buf = ByteBuffer.allocate(5);
                    while (buf.hasRemaining()) {
                        guestSide.read(buf);
                    }
                    assertThat(new String(buf.array(), StandardCharsets.UTF_8)).isEqualTo("root\r");
                    guestSide.write(ByteBuffer.wrap("root@debian:~# ".getBytes(StandardCharsets.UTF_8)));
                    assertThat(s.expect(Pattern.compile(":~# "), LONG).group()).isEqualTo(":~# ");
                }
            }
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void connect_givesUpWithOneClearLineWhenNoSocketAppears() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "hv");
        try {
            assertThatThrownBy(() -> ExpectSession.connect(dir.resolve("none.sock"), Duration.ofMillis(300)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot attach to console socket " + dir.resolve("none.sock") + " within 300ms")
                    .hasMessageNotContaining("\n");
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
