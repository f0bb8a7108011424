package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SerialHub against a real Unix socket server standing in for QEMU's serial chardev (SerialHubQemuIT uses QEMU). */
class SerialHubTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir(factory = ShortTempDir.class)
    Path dir;

    private ConsoleStack stack;
    private Path serialSocket;
    private ConsoleBuffer buffer;
    private SerialHub hub;
    private SerialPortStandIn qemuStandIn;

    @BeforeEach
    void setUp() throws IOException {
        stack = ConsoleStack.hubOnly(dir);
        serialSocket = stack.serialSocket();
        buffer = stack.buffer();
        hub = stack.hub();
    }

    @AfterEach
    void tearDown() throws IOException {
        stack.close();
        if (qemuStandIn != null) {
            qemuStandIn.close();
        }
    }

    @Test
    void connect_retriesUntilTheSocketAppears() throws Exception {
        Thread lateQemu = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300); // QEMU creating its chardev a moment after being spawned
                qemuStandIn = SerialPortStandIn.listen(serialSocket);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        hub.connect(Instant.now(), WAIT, () -> true);
        lateQemu.join();
        assertThat(hub.isConnected()).isTrue();
    }

    @Test
    void connect_givesUpAtOnceWhenQemuHasExited() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> hub.connect(Instant.now(), WAIT, () -> false))
                .isInstanceOf(IOException.class).hasMessageContaining("QEMU exited");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void connect_timesOutWithAMessageNamingTheSocket() {
        assertThatThrownBy(() -> hub.connect(Instant.now(), Duration.ofMillis(200), () -> true))
                .isInstanceOf(IOException.class).hasMessageContaining(serialSocket.toString()).hasMessageContaining("200 ms");
    }

    @Test
    void output_reachesLogBufferListenersAndSubscribers() throws Exception {
        qemuStandIn = SerialPortStandIn.listen(serialSocket);
        LinkedBlockingQueue<ConsoleLine> lines = new LinkedBlockingQueue<>();
        hub.addListener(lines::add);
        LinkedBlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
        hub.subscribe(raw::add, 0);
        hub.connect(Instant.now(), WAIT, () -> true);

        qemuStandIn.print("\u001b[1;1HGNU Mach 1.8\r\ndebian login: ");

        assertThat(buffer.awaitPattern(Pattern.compile("login: $"), Instant.now().plus(WAIT))).isTrue();
        assertThat(new String(raw.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).startsWith("\u001b[1;1H");
        assertThat(Files.readString(dir.resolve("console.log"))).isEqualTo("\u001b[1;1HGNU Mach 1.8\r\ndebian login: ");
        // A chunk may arrive in pieces, so partial lines may precede each of these.
        assertThat(firstLine(lines, ConsoleLine::complete).text()).isEqualTo("GNU Mach 1.8");
        assertThat(firstLine(lines, l -> l.text().equals("debian login: ")).complete()).isFalse();
    }

    @Test
    void send_writesToTheSerialPort() throws Exception {
        qemuStandIn = SerialPortStandIn.listen(serialSocket);
        hub.connect(Instant.now(), WAIT, () -> true);
        hub.send("root\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(qemuStandIn.awaitTyped("root\r", WAIT)).isTrue();
    }

    @Test
    void send_failsClearlyWhenQemuIsGone() throws Exception {
        qemuStandIn = SerialPortStandIn.listen(serialSocket);
        hub.connect(Instant.now(), WAIT, () -> true);
        qemuStandIn.print("bye\n");
        assertThat(buffer.awaitPattern(Pattern.compile("bye"), Instant.now().plus(WAIT))).isTrue();
        qemuStandIn.hangUp();
        awaitDisconnected();
        assertThatThrownBy(() -> hub.send(new byte[] {'x'})).isInstanceOf(IOException.class).hasMessageContaining("not running");
    }

    @Test
    void reconnect_startsANewEpochAndKeepsSubscribersAndListeners() throws Exception {
        qemuStandIn = SerialPortStandIn.listen(serialSocket);
        List<Instant> boots = new CopyOnWriteArrayList<>();
        hub.addListener(new ConsoleListener() {
            @Override
            public void bootStarted(Instant qemuStart) {
                boots.add(qemuStart);
            }

            @Override
            public void onLine(ConsoleLine line) {
            }
        });
        LinkedBlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
        hub.subscribe(raw::add, 0);
        hub.connect(Instant.now(), WAIT, () -> true);
        qemuStandIn.print("first boot panic\n");
        assertThat(buffer.awaitPattern(Pattern.compile("panic"), Instant.now().plus(WAIT))).isTrue();
        qemuStandIn.hangUp(); // QEMU died

        hub.reconnect(Instant.now(), WAIT, () -> true); // the restarted QEMU, same path
        qemuStandIn.print("second boot\n");

        assertThat(buffer.awaitPattern(Pattern.compile("second boot"), Instant.now().plus(WAIT))).isTrue();
        assertThat(buffer.sinceEpoch()).doesNotContain("panic");
        assertThat(boots).hasSize(2);
        assertThat(new String(raw.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("first boot panic\n");
        assertThat(new String(raw.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("second boot\n");
        assertThat(Files.readString(dir.resolve("console.log"))).isEqualTo("first boot panic\nsecond boot\n");
    }

    @Test
    void subscribe_deliversRecentHistoryFirstThenLiveOutputWithoutGapOrRepeat() throws Exception {
        qemuStandIn = SerialPortStandIn.listen(serialSocket);
        hub.connect(Instant.now(), WAIT, () -> true);
        qemuStandIn.print("old line\ndebian login: ");
        assertThat(buffer.awaitPattern(Pattern.compile("login: "), Instant.now().plus(WAIT))).isTrue();

        LinkedBlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
        hub.subscribe(raw::add, 16);
        qemuStandIn.print("root");

        assertThat(new String(raw.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("debian login: ");
        assertThat(new String(raw.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("root");
    }

    @Test
    void failingSubscriber_isDroppedWithoutDisturbingTheOthers() throws Exception {
        qemuStandIn = SerialPortStandIn.listen(serialSocket);
        hub.subscribe(chunk -> {
            throw new IllegalStateException("broken client");
        }, 0);
        LinkedBlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
        hub.subscribe(raw::add, 0);
        hub.connect(Instant.now(), WAIT, () -> true);
        qemuStandIn.print("one\n");
        qemuStandIn.print("two\n");
        String got = new String(raw.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        while (!got.contains("two")) {
            got += new String(raw.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        }
        assertThat(got).isEqualTo("one\ntwo\n");
        assertThat(hub.isConnected()).isTrue();
    }

    private void awaitDisconnected() throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (hub.isConnected() && Instant.now().isBefore(deadline)) {
            Thread.sleep(10); // the hub offers no disconnect event; poll its state with a deadline
        }
        assertThat(hub.isConnected()).isFalse();
    }

    private static ConsoleLine firstLine(LinkedBlockingQueue<ConsoleLine> lines, Predicate<ConsoleLine> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            ConsoleLine line = lines.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no such console line within " + WAIT);
    }
}
