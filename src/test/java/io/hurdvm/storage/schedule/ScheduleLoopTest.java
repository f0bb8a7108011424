package io.hurdvm.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleLoopTest {
    @TempDir Path dir;

    @Test
    void ticksJustAfterTheNextMinuteBoundary() {
        assertThat(ScheduleLoop.untilNextMinute(Instant.parse("2026-11-27T10:15:20Z"))).isEqualTo(Duration.ofMillis(40_500));
        assertThat(ScheduleLoop.untilNextMinute(Instant.parse("2026-11-27T10:15:00Z"))).isEqualTo(Duration.ofMillis(60_500));
    }

    @Test
    void start_catchesUpAMissedRunAtOnce_andStopEndsTheThread() throws Exception {
        ScheduleStore store = new ScheduleStore(dir.resolve("schedules.json"));
        // Added a day ago and never run: the hourly run is overdue.
        Instant now = Instant.now();
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(2), now.minus(Duration.ofDays(1))));
        CountDownLatch ran = new CountDownLatch(1);
        ScheduleRunner runner = new ScheduleRunner(store, Map.of(ScheduleKind.SNAPSHOT, (entry, at) -> {
            ran.countDown();
            return "ok";
        }), ZoneOffset.UTC, Clock.systemUTC());

        ScheduleLoop loop = ScheduleLoop.start(runner, Clock.systemUTC(), "vm1");
        try {
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("catch-up run at start").isTrue();
        } finally {
            long t0 = System.nanoTime();
            loop.stop(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("stop does not wait for the next minute").isLessThan(Duration.ofSeconds(5));
        }
        // The pool is terminated; its worker thread exits right after, so give it a bounded moment.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("schedules-vm1")) {
                t.join(5_000);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("schedules-vm1") && t.isAlive());
        assertThat(store.find("hourly").orElseThrow().lastResult().ok()).isTrue();
    }
}
