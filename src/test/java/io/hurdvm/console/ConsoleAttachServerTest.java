package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attach server and client over real Unix sockets; a socket server stands in for QEMU's serial port. */
class ConsoleAttachServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir(factory = ShortTempDir.class)
    Path dir;

    private SerialPortStandIn qemuStandIn;
    private ConsoleStack stack;
    private SerialHub hub;
    private ConsoleAttachServer server;

    @BeforeEach
    void setUp() throws IOException {
        qemuStandIn = SerialPortStandIn.listen(dir.resolve("serial.sock"));
        stack = ConsoleStack.withAttachServer(dir);
        hub = stack.hub();
        server = stack.server();
        hub.connect(Instant.now(), WAIT, () -> true);
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            stack.close();
        } finally {
            qemuStandIn.close();
        }
    }

    @Test
    void socket_isOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stack.consoleSocket())))
                .isEqualTo("rw-------");
    }

    @Test
    void twoClients_receiveTheSameOutputAndBothCanType() throws Exception {
        AttachedClient a = AttachedClient.attach(stack.consoleSocket());
        AttachedClient b = AttachedClient.attach(stack.consoleSocket());
        awaitClients(2);

        qemuStandIn.print("debian login: ");
        assertThat(a.output().await("debian login: ", WAIT)).isTrue();
        assertThat(b.output().await("debian login: ", WAIT)).isTrue();

        a.input().type("root\r");
        b.input().type("echo hi\r");
        assertThat(qemuStandIn.awaitTyped("root\r", WAIT)).isTrue();
        assertThat(qemuStandIn.awaitTyped("echo hi\r", WAIT)).isTrue();
        a.detach();
        b.detach();
    }

    @Test
    void lateClient_firstSeesRecentHistorySoThePromptIsVisible() throws Exception {
        AttachedClient early = AttachedClient.attach(stack.consoleSocket());
        awaitClients(1);
        qemuStandIn.print("boot noise\nDebian GNU/Hurd 13\n\ndebian login: ");
        assertThat(early.output().await("login: ", WAIT)).isTrue();

        AttachedClient late = AttachedClient.attach(stack.consoleSocket());
        assertThat(late.output().await("Debian GNU/Hurd 13\n\ndebian login: $", WAIT)).isTrue();
        early.detach();
        late.detach();
    }

    @Test
    void lateClient_replayHasNoTerminalQueries_whileTheLiveStreamIsPassedAsItIs() throws Exception {
        AttachedClient early = AttachedClient.attach(stack.consoleSocket());
        awaitClients(1);
        // what a guest's getty or shell sends at a login prompt: colours, a title, and queries
        qemuStandIn.print("\u001b[0;32mDebian GNU/Hurd 13\u001b[0m\r\n\u001b]0;hurd\u0007\u001b[6n\u001b[c"
                + "\u001b]11;?\u001b\\\u001bP$qm\u001b\\\u001b[18tdebian login: ");
        assertThat(early.output().await("debian login: $", WAIT)).isTrue();
        assertThat(early.output().text()).contains("\u001b[6n", "\u001b[c", "\u001b]11;?", "\u001bP$qm", "\u001b[18t");

        AttachedClient late = AttachedClient.attach(stack.consoleSocket());
        assertThat(late.output().await("debian login: $", WAIT)).isTrue();
        assertThat(late.output().text()).isEqualTo("\u001b[0;32mDebian GNU/Hurd 13\u001b[0m\r\n\u001b]0;hurd\u0007debian login: ");

        qemuStandIn.print("\u001b[6n");
        assertThat(late.output().await("\u001b\\[6n$", WAIT)).as("live output stays as it is").isTrue();
        early.detach();
        late.detach();
    }

    @Test
    void detachingClient_doesNotDisturbTheOtherOrTheHub() throws Exception {
        AttachedClient stays = AttachedClient.attach(stack.consoleSocket());
        AttachedClient leaves = AttachedClient.attach(stack.consoleSocket());
        awaitClients(2);

        assertThat(leaves.detach()).isEqualTo(ConsoleAttachClient.Ending.DETACHED);
        awaitClients(1);
        qemuStandIn.print("still here\n");
        stays.input().type("x");

        assertThat(stays.output().await("still here", WAIT)).isTrue();
        assertThat(qemuStandIn.awaitTyped("x", WAIT)).isTrue();
        assertThat(hub.isConnected()).isTrue();
        stays.detach();
    }

    @Test
    void clientThatStopsReading_isDroppedWhileOthersKeepUp() throws Exception {
        SocketChannel stalled = SocketChannel.open(StandardProtocolFamily.UNIX);
        stalled.connect(UnixDomainSocketAddress.of(stack.consoleSocket()));
        AttachedClient reading = AttachedClient.attach(stack.consoleSocket());
        awaitClients(2);

        byte[] line = ("x".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
        int lines = 4 * AttachSession.MAX_PENDING_BYTES / line.length; // more than any socket buffer holds
        for (int i = 0; i < lines; i++) {
            qemuStandIn.write(line);
        }
        qemuStandIn.print("END\n");

        assertThat(reading.output().await("END\n", WAIT)).isTrue();
        awaitClients(1);
        stalled.close();
        reading.detach();
    }

    @Test
    void consoleClosing_endsTheClientWithConsoleClosed() throws Exception {
        AttachedClient a = AttachedClient.attach(stack.consoleSocket());
        awaitClients(1);
        server.close();
        assertThat(a.awaitEnding()).isEqualTo(ConsoleAttachClient.Ending.CONSOLE_CLOSED);
        assertThat(stack.consoleSocket()).doesNotExist();
    }

    @Test
    void inputEnding_detachesTheClient() throws Exception {
        AttachedClient a = AttachedClient.attach(stack.consoleSocket());
        awaitClients(1);
        a.input().type("last words");
        a.input().end();
        assertThat(a.awaitEnding()).isEqualTo(ConsoleAttachClient.Ending.INPUT_ENDED);
        assertThat(qemuStandIn.awaitTyped("last words", WAIT)).isTrue();
    }

    @Test
    void typingWhileQemuIsDown_tellsTheUserOnceInsteadOfFailing() throws Exception {
        AttachedClient a = AttachedClient.attach(stack.consoleSocket());
        awaitClients(1);
        qemuStandIn.hangUp();
        Instant deadline = Instant.now().plus(WAIT);
        while (hub.isConnected() && Instant.now().isBefore(deadline)) {
            Thread.sleep(10); // no disconnect event to wait on: poll the hub's state, bounded
        }
        assertThat(hub.isConnected()).as("the hub saw QEMU's side hang up").isFalse();
        a.input().type("x");
        assertThat(a.output().await("guest is not running", WAIT)).isTrue();
        a.detach();
    }

    @Test
    void start_replacesAStaleSocketButRefusesALiveOne() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale)); // closing leaves the file behind, like a crash
        }
        try (ConsoleAttachServer second = new ConsoleAttachServer(stale, hub, 0)) {
            second.start();
            assertThat(stale).exists();
        }
        ConsoleAttachServer rival = new ConsoleAttachServer(stack.consoleSocket(), hub, 0);
        assertThatThrownBy(rival::start).isInstanceOf(IOException.class).hasMessageContaining("in use");
        rival.close();
        assertThat(stack.consoleSocket()).as("the failed rival leaves the live socket alone").exists();
    }

    @Test
    void attachClient_reportsAMissingConsoleClearly() {
        ConsoleAttachClient client = new ConsoleAttachClient(dir.resolve("nope.sock"));
        assertThatThrownBy(() -> client.run(new ScriptedInput(), new ConsoleOutput()))
                .isInstanceOf(IOException.class).hasMessageContaining("nope.sock").hasMessageContaining("is the instance running");
    }

    @Test
    void detachKey_isNotSentButWhatWasTypedBeforeItIs() throws Exception {
        AttachedClient a = AttachedClient.attach(stack.consoleSocket());
        awaitClients(1);
        a.input().type(new byte[] {'l', 's', '\r', ConsoleAttachClient.DETACH_KEY, 'z'});
        assertThat(a.awaitEnding()).isEqualTo(ConsoleAttachClient.Ending.DETACHED);
        assertThat(qemuStandIn.awaitTyped("ls\r", WAIT)).isTrue();
        awaitClients(0);
        assertThat(qemuStandIn.received().sinceEpoch()).doesNotContain("\u001d").doesNotContain("z");
    }

    @Test
    void detachWhileTheClientIsBusyWritingOutput_stillEndsAsDetached() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OutputStream slowTerminal = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
        ScriptedInput keys = new ScriptedInput();
        CompletableFuture<ConsoleAttachClient.Ending> ending = CompletableFuture.supplyAsync(() -> {
            try {
                return new ConsoleAttachClient(stack.consoleSocket()).run(keys, slowTerminal);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        awaitClients(1);
        qemuStandIn.print("x");
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        keys.type(new byte[] {ConsoleAttachClient.DETACH_KEY}); // closes the channel while output is being written
        awaitClients(0);
        release.countDown();

        assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(ConsoleAttachClient.Ending.DETACHED);
    }

    /** The server registers a client on its accept thread; wait until it has (bounded). */
    private void awaitClients(int n) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (server.clientCount() != n && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertThat(server.clientCount()).isEqualTo(n);
    }
}
