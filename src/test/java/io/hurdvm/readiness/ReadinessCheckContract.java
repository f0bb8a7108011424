package io.hurdvm.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.console.ConsoleBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReadinessCheck} must do, run against real parts (loopback servers, real processes,
 * real console buffers): return for a ready guest, time out on time for a never-ready one, fail fast
 * when the guest's process is gone, and notice a guest that becomes ready while it waits.
 */
abstract class ReadinessCheckContract {
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(1500);
    static final Duration SLACK = Duration.ofMillis(1000);
    static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);

    /** A check and a target that together make one situation. */
    record Scenario(ReadinessCheck check, ReadinessTarget target) {
    }

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Guest already ready. */
    abstract Scenario ready() throws Exception;

    /** Guest that will never be ready (but whose process lives). */
    abstract Scenario neverReady() throws Exception;

    /** Guest not ready yet whose process has exited. */
    abstract Scenario deadGuest() throws Exception;

    /** Guest that becomes ready after {@code delay}. */
    abstract Scenario readyAfter(Duration delay) throws Exception;

    @Test
    void readyGuest_returnsPromptly() throws Exception {
        Scenario s = ready();
        Duration took = time(() -> s.check().waitUntilReady(s.target(), LONG_TIMEOUT));
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void neverReadyGuest_timesOutWithinTheTimeoutPlusSmallSlack() throws Exception {
        Scenario s = neverReady();
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.check().waitUntilReady(s.target(), SHORT_TIMEOUT))
                .isInstanceOf(ReadinessTimeoutException.class)
                .hasMessageContaining("timed out after 1500ms waiting for " + s.check().describe(s.target()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT.minusMillis(50)).isLessThan(SHORT_TIMEOUT.plus(SLACK));
    }

    @Test
    void deadGuest_failsFastInsteadOfWaitingForTheTimeout() throws Exception {
        Scenario s = deadGuest();
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.check().waitUntilReady(s.target(), LONG_TIMEOUT))
                .isInstanceOf(GuestDiedException.class)
                .hasMessageContaining("exited while waiting for " + s.check().describe(s.target()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void guestBecomingReadyWhileWaiting_isNoticedSoonAfter() throws Exception {
        Duration delay = Duration.ofMillis(700);
        // Timed from when the guest's change was scheduled: setting up the scenario (a process standing
        // for QEMU) can take a loaded host's 0.1-0.2 s, which a timer started after it would not count.
        long scheduled = System.nanoTime();
        Scenario s = readyAfter(delay);
        s.check().waitUntilReady(s.target(), LONG_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - scheduled);
        assertThat(took).isGreaterThanOrEqualTo(delay.minusMillis(50)).isLessThan(delay.plusSeconds(3));
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** A real process standing for QEMU: alive until the test ends. */
    Process liveProcess() throws Exception {
        Process p = new ProcessBuilder("sleep", "300").start();
        resources.add(() -> {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        });
        return p;
    }

    /** A real process that has already exited, as QEMU after a crash. */
    static Process exitedProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return p;
    }

    static ConsoleBuffer console(String text) {
        ConsoleBuffer buffer = new ConsoleBuffer();
        buffer.startEpoch();
        buffer.append(text);
        return buffer;
    }

    /** Runs {@code action} on another thread after {@code delay}: the guest changing on its own. */
    void later(Duration delay, ThrowingRunnable action) {
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(delay);
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        resources.add(() -> t.join(Duration.ofSeconds(10)));
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Duration time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
