package io.hurdvm.storage.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks a {@link ScheduleRunner} once at start (to catch up runs missed while the instance was down)
 * and then just after every wall-clock minute, on one daemon thread. Cron resolution is a minute;
 * schedules.json is re-read at every tick, so CLI changes take effect without a restart.
 */
public final class ScheduleLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleLoop.class);
    /** Past the minute boundary, so a tick never lands a hair before the cron time it is meant for. */
    private static final Duration AFTER_MINUTE = Duration.ofMillis(500);
    /** How long an interrupted run may take to clean up (stop and remove a drill's throwaway instance). */
    static final Duration CLEANUP_AFTER_INTERRUPT = Duration.ofSeconds(90);

    private final ScheduleRunner runner;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;

    private ScheduleLoop(ScheduleRunner runner, Clock clock, String instance) {
        this.runner = runner;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("schedules-" + instance).unstarted(r));
        // On stop, the tick waiting for the next minute is dropped; only a run in progress may finish.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts ticking at once; {@link #close()} stops it. */
    public static ScheduleLoop start(ScheduleRunner runner, Clock clock, String instance) {
        ScheduleLoop loop = new ScheduleLoop(runner, clock, instance);
        loop.executor.execute(loop::tick);
        return loop;
    }

    /**
     * Runs schedule {@code id} on the loop's own thread as soon as a run in progress has finished: one run
     * at a time, as for cron times ({@code hurdvm schedule run}).
     */
    public Future<ScheduleRunner.Run> runNow(String id) {
        return executor.submit(() -> runner.runNow(id, clock.instant()));
    }

    private void tick() {
        try {
            runner.runDue(clock.instant());
        } catch (RuntimeException e) {
            // e.g. an unreadable schedules.json: say so and try again next minute, never stop ticking.
            LOG.error("running due schedules failed: {}", e.getMessage(), e);
        } finally {
            try {
                executor.schedule(this::tick, untilNextMinute(clock.instant()).toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // stop() was called while this tick ran: nothing more to schedule.
            }
        }
    }

    static Duration untilNextMinute(Instant now) {
        Instant next = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).plus(AFTER_MINUTE);
        return Duration.between(now, next);
    }

    /**
     * Stops ticking. A run in progress (a snapshot, a backup) is allowed to finish within
     * {@code grace}; after that it is interrupted.
     */
    public void stop(Duration grace) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("a scheduled run was still going after {}s; interrupting it", grace.toSeconds());
            executor.shutdownNow();
            // An interrupted run cleans up after itself (a drill removes its throwaway instance): let it.
            if (!executor.awaitTermination(CLEANUP_AFTER_INTERRUPT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the interrupted run did not finish its cleanup within {}s", CLEANUP_AFTER_INTERRUPT.toSeconds());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofMinutes(2));
    }
}
