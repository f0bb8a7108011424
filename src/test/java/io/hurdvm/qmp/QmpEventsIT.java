package io.hurdvm.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Asynchronous QMP events from a real, diskless q35 machine idling in its firmware. */
class QmpEventsIT {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);

    private QemuProcessFixture qemu;
    private QmpClient client;
    private QmpCommands commands;
    private final EventRecorder recorder = new EventRecorder();

    @BeforeEach
    void startMachine() {
        qemu = QemuProcessFixture.start(QemuProcessFixture.TINY_PC);
        client = qemu.connect();
        commands = new QmpCommands(client);
        client.addEventListener(recorder);
    }

    @AfterEach
    void stopMachine() {
        try (QemuProcessFixture started = qemu) {
            client.close();
        }
    }

    @Test
    void stopAndCont_deliverStopAndResume_toListenerAndToWaiterArmedBeforeTheCommand() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        EventWaiter stopped = client.expectEvent(QmpEvent.named(QmpEvent.STOP));
        commands.stop();
        // QEMU sends STOP before the reply to "stop": the waiter has it already, await must still return it.
        QmpEvent stop = stopped.await(EVENT_TIMEOUT);
        assertThat(stop.timestamp()).isAfter(before);
        assertThat(commands.queryStatus()).isEqualTo(new VmStatus("paused", false));

        EventWaiter resumed = client.expectEvent(QmpEvent.named(QmpEvent.RESUME));
        commands.cont();
        assertThat(resumed.await(EVENT_TIMEOUT).name()).isEqualTo(QmpEvent.RESUME);

        assertThat(recorder.next()).isEqualTo(stop);
        assertThat(recorder.next().name()).isEqualTo(QmpEvent.RESUME);
        assertThat(commands.queryStatus().running()).isTrue();
    }

    @Test
    void listenerThatThrows_doesNotStopEventsOrReplies() throws Exception {
        Consumer<QmpEvent> broken = event -> {
            throw new IllegalStateException("listener bug on " + event.name());
        };
        client.addEventListener(broken);

        commands.stop();
        commands.cont();

        assertThat(recorder.next().name()).isEqualTo(QmpEvent.STOP);
        assertThat(recorder.next().name()).isEqualTo(QmpEvent.RESUME);
        assertThat(commands.queryStatus().running()).isTrue();
    }

    @Test
    void systemPowerdown_emitsPowerdownEvenThoughFirmwareIgnoresIt() {
        EventWaiter powerdown = client.expectEvent(QmpEvent.named(QmpEvent.POWERDOWN));

        commands.systemPowerdown();

        assertThat(powerdown.await(EVENT_TIMEOUT).name()).isEqualTo(QmpEvent.POWERDOWN);
        assertThat(commands.queryStatus().running()).as("no OS to act on the ACPI button").isTrue();
    }

    @Test
    void systemReset_emitsResetRequestedByTheHost() {
        EventWaiter reset = client.expectEvent(QmpEvent.named(QmpEvent.RESET, "reason", "host-qmp-system-reset"));

        client.execute("system_reset");

        assertThat(reset.await(EVENT_TIMEOUT).data().path("guest").asBoolean(true)).isFalse();
    }

    @Test
    void quit_emitsShutdownBeforeTheConnectionCloses() {
        EventWaiter shutdown = client.expectEvent(QmpEvent.named(QmpEvent.SHUTDOWN));

        commands.quit();

        assertThat(shutdown.await(EVENT_TIMEOUT).data().path("reason").asText()).isEqualTo("host-qmp-quit");
        assertThat(qemu.awaitExit(EVENT_TIMEOUT)).isTrue();
    }

    @Test
    void awaitEvent_timesOutNamingTheEventsThatDidArrive() {
        EventWaiter neverReset = client.expectEvent(QmpEvent.named(QmpEvent.RESET));
        commands.stop();

        assertThatThrownBy(() -> neverReset.await(Duration.ofMillis(300)))
                .isInstanceOf(QmpTimeoutException.class)
                .hasMessageContaining("PT0.3S")
                .hasMessageContaining("STOP");
    }

    @Test
    void waiter_failsFastWhenQemuIsKilled() {
        EventWaiter neverShutdown = client.expectEvent(QmpEvent.named(QmpEvent.SHUTDOWN));
        long killedAt = System.nanoTime();

        qemu.kill();

        assertThatThrownBy(() -> neverShutdown.await(Duration.ofSeconds(30)))
                .isInstanceOf(QmpConnectionClosedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.awaitEvent(QmpEvent.named(QmpEvent.STOP), Duration.ofSeconds(30)))
                .as("waiting on a closed connection fails at once")
                .isInstanceOf(QmpConnectionClosedException.class);
    }

    /** Collects events delivered to a listener, in order. */
    private static final class EventRecorder implements Consumer<QmpEvent> {
        private final BlockingQueue<QmpEvent> events = new LinkedBlockingQueue<>();

        @Override
        public void accept(QmpEvent event) {
            events.add(event);
        }

        QmpEvent next() throws InterruptedException {
            QmpEvent event = events.poll(EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within " + EVENT_TIMEOUT).isNotNull();
            return event;
        }
    }
}
