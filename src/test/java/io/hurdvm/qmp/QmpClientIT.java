package io.hurdvm.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** QMP commands against a real QEMU without a machine ({@code -machine none}): cheap, no guest. */
class QmpClientIT {
    private QemuProcessFixture qemu;
    private QmpClient client;
    private QmpCommands commands;

    @BeforeEach
    void startQemu() {
        qemu = QemuProcessFixture.start(QemuProcessFixture.NO_MACHINE);
        client = qemu.connect();
        commands = new QmpCommands(client);
    }

    @AfterEach
    void stopQemu() {
        try (QemuProcessFixture started = qemu) {
            if (client != null) {
                client.close();
            }
        }
    }

    @Test
    void connect_readsGreetingWithTheVersionQemuReportsOnItsCommandLine() throws Exception {
        Process versionQuery = new ProcessBuilder(QemuProcessFixture.QEMU, "--version").start();
        String versionOutput = new String(versionQuery.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(versionOutput).contains("version " + client.qemuVersion() + " ");
        assertThat(versionOutput).contains(client.qemuVersion().packageName());
        assertThat(client.greeting().capabilities()).contains("oob");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void queryStatus_reportsRunning() {
        assertThat(commands.queryStatus()).isEqualTo(new VmStatus("running", true));
    }

    @Test
    void execute_unknownCommand_throwsCommandNotFound() {
        assertThatThrownBy(() -> client.execute("no-such-command"))
                .isInstanceOfSatisfying(QmpCommandException.class, e -> {
                    assertThat(e.getErrorClass()).isEqualTo(QmpCommandException.COMMAND_NOT_FOUND);
                    assertThat(e.getCommand()).isEqualTo("no-such-command");
                    assertThat(e.getDescription()).contains("no-such-command");
                });
    }

    @Test
    void execute_missingRequiredArgument_throwsGenericErrorAndConnectionStaysUsable() {
        ObjectNode wrongArguments = JsonNodeFactory.instance.objectNode().put("not-command-line", "info status");

        assertThatThrownBy(() -> client.execute("human-monitor-command", wrongArguments))
                .isInstanceOfSatisfying(QmpCommandException.class, e ->
                        assertThat(e.getErrorClass()).isEqualTo(QmpCommandException.GENERIC_ERROR));
        assertThat(commands.queryStatus().running()).isTrue();
    }

    @Test
    void execute_fromEightThreadsAtOnce_eachCallerGetsItsOwnReply() throws Exception {
        // Each thread asks about a different option, so a reply routed to the wrong caller names the wrong one.
        List<String> options = List.of("machine", "accel", "chardev", "drive", "boot-opts", "smp-opts", "rtc", "memory");
        CountDownLatch startTogether = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(options.size());
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String option : options) {
                results.add(threads.submit(() -> {
                    startTogether.await();
                    for (int round = 0; round < 25; round++) {
                        JsonNode reply = client.execute("query-command-line-options",
                                JsonNodeFactory.instance.objectNode().put("option", option));
                        assertThat(reply.get(0).path("option").asText()).isEqualTo(option);
                        String unknown = "x-no-such-command-" + option + "-" + round;
                        assertThatThrownBy(() -> client.execute(unknown)).hasMessageContaining(unknown);
                    }
                    return 25;
                }));
            }
            startTogether.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(25);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(client.pendingCommandCount()).isZero();
    }

    @Test
    void humanMonitorCommand_infoStatus_returnsText() {
        assertThat(commands.humanMonitorCommand("info status")).contains("running");
    }

    @Test
    void queryJobsAndBlockstats_withoutDisks_returnEmptyArrays() {
        assertThat(commands.queryJobs().isArray()).isTrue();
        assertThat(commands.queryJobs()).isEmpty();
        assertThat(commands.queryBlockstats().isArray()).isTrue();
    }

    @Test
    void quit_exitsQemuAndLaterCommandsFailAsClosed() throws Exception {
        commands.quit();

        assertThat(qemu.awaitExit(Duration.ofSeconds(10))).as("QEMU exited").isTrue();
        awaitCondition(() -> !client.isOpen(), "client notices the closed socket");
        assertThatThrownBy(() -> commands.queryStatus())
                .isInstanceOf(QmpConnectionClosedException.class)
                .hasMessageContaining("query-status");
    }

    @Test
    void pendingCommand_failsFastWhenQemuIsKilled() throws Exception {
        qemu.suspend(); // so the command stays unanswered until the kill
        CompletableFuture<JsonNode> inFlight = CompletableFuture.supplyAsync(
                () -> client.execute("query-status", null, Duration.ofSeconds(30)));
        awaitCondition(() -> client.pendingCommandCount() == 1, "command in flight");

        long killedAt = System.nanoTime();
        qemu.kill();

        assertThatThrownBy(() -> inFlight.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(QmpConnectionClosedException.class)
                .hasMessageContaining("query-status");
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void execute_timesOutWhileQemuIsHung_andLateReplyDoesNotConfuseTheNextCommand() {
        qemu.suspend();
        try {
            assertThatThrownBy(() -> client.execute("query-command-line-options",
                    JsonNodeFactory.instance.objectNode().put("option", "rtc"), Duration.ofMillis(300)))
                    .isInstanceOf(QmpTimeoutException.class)
                    .hasMessageContaining("query-command-line-options")
                    .hasMessageContaining("PT0.3S");
        } finally {
            qemu.resume();
        }
        // QEMU now answers the abandoned command too; that reply must be dropped, not handed to this one.
        assertThat(commands.queryStatus()).isEqualTo(new VmStatus("running", true));
    }

    @Test
    void connect_timesOutWhenAnotherClientHoldsTheMonitor() {
        assertThatThrownBy(() -> QmpClient.connect(qemu.qmpSocket(), Duration.ofMillis(700)))
                .isInstanceOf(QmpTimeoutException.class)
                .hasMessageContaining("no QMP greeting")
                .hasMessageContaining("another client");
        assertThat(commands.queryStatus().running()).as("first client unaffected").isTrue();
    }

    @Test
    void objectAddSecret_neverPutsTheSecretInLogsOrExceptions() {
        String secret = "pw-" + UUID.randomUUID();
        ch.qos.logback.classic.Logger qmpLogger =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(QmpClient.class.getPackageName());
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        qmpLogger.addAppender(captured);
        Level previousLevel = qmpLogger.getLevel();
        qmpLogger.setLevel(Level.TRACE);
        try {
            client.execute("object-add", JsonNodeFactory.instance.objectNode()
                    .put("qom-type", "secret").put("id", "sec0").put("data", secret));
            // Same id again: QEMU rejects it, so the error path is covered too.
            Throwable rejected = catchThrowable(() -> client.execute("object-add", JsonNodeFactory.instance
                    .objectNode().put("qom-type", "secret").put("id", "sec0").put("data", secret)));

            assertThat(rejected).isInstanceOf(QmpCommandException.class);
            assertThat(rejected.getMessage()).doesNotContain(secret);
            assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(message -> message.contains("object-add"))
                    .noneMatch(message -> message.contains(secret));
        } finally {
            qmpLogger.detachAppender(captured);
            qmpLogger.setLevel(previousLevel);
        }
    }

    @Test
    void close_failsLaterCommandsAtOnce() {
        client.close();

        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.execute("query-status"))
                .isInstanceOf(QmpConnectionClosedException.class)
                .hasMessageContaining("was closed");
    }

    @Test
    void quit_onAlreadyClosedClient_throwsBecauseQuitWasNeverSent() {
        client.close();

        assertThatThrownBy(() -> commands.quit()).isInstanceOf(QmpConnectionClosedException.class);
        assertThat(qemu.process().isAlive()).isTrue();
    }

    @Test
    void connect_waitsForASocketThatQemuCreatesLater() throws Exception {
        Path socket = QemuProcessFixture.newSocketPath();
        assertThat(socket).doesNotExist();
        // Starting QEMU takes far longer than the first connect attempts, so those find no socket.
        CompletableFuture<QmpClient> connecting = CompletableFuture.supplyAsync(
                () -> QmpClient.connect(socket, Duration.ofSeconds(20)));

        try (QemuProcessFixture later = QemuProcessFixture.start(socket, QemuProcessFixture.NO_MACHINE);
             QmpClient lateClient = connecting.get(20, TimeUnit.SECONDS)) {
            assertThat(new QmpCommands(lateClient).queryStatus().running()).isTrue();
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for: " + what).isBefore(deadline);
            Thread.sleep(5); // polling a condition nothing signals; bounded by the deadline above
        }
    }
}
