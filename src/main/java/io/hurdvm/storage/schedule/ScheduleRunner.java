package io.hurdvm.storage.schedule;

import io.hurdvm.errors.ErrorText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the schedules of one instance that are due. A schedule is due when the first cron time after
 * its last run has passed; after downtime that is one run, not one per missed cron time. Each run's
 * start and result are recorded in the store, so {@code hurdvm schedule list} can show them.
 */
public final class ScheduleRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);

    /** One schedule that ran in {@link #runDue}. */
    public record Run(String id, ScheduleKind kind, Instant started, RunResult result) {
    }

    private final ScheduleStore store;
    private final Map<ScheduleKind, ScheduledAction> actions;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param zone  the wall-clock zone cron times mean (the host's, as with cron)
     * @param clock for the finish time of runs
     */
    public ScheduleRunner(ScheduleStore store, Map<ScheduleKind, ScheduledAction> actions, ZoneId zone, Clock clock) {
        this.store = store;
        this.actions = actions.isEmpty() ? new EnumMap<>(ScheduleKind.class) : new EnumMap<>(actions);
        this.zone = zone;
        this.clock = clock;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Runs every schedule due at {@code now}, one after another, and records how each went. */
    public List<Run> runDue(Instant now) {
        List<Run> runs = new ArrayList<>();
        for (ScheduleEntry entry : store.load()) {
            if (entry.isDue(now, zone)) {
                runs.add(runOne(entry, now));
            }
        }
        return runs;
    }

    /**
     * Runs schedule {@code id} now, whether due or not, exactly as a cron time would (its start and result
     * are recorded; its next cron time is then the first one after {@code now}).
     *
     * @throws IllegalArgumentException if the instance has no such schedule
     */
    public Run runNow(String id, Instant now) {
        ScheduleEntry entry = store.find(id).orElseThrow(() -> new IllegalArgumentException("no schedule '" + id
                + "' (see 'hurdvm schedule list')"));
        return runOne(entry, now);
    }

    private Run runOne(ScheduleEntry entry, Instant now) {
        // The start is recorded first: a run that dies with the process is not repeated in a loop.
        store.modify(entry.id(), e -> e.withRun(now, null));
        ScheduledAction action = actions.get(entry.kind());
        RunResult result;
        if (action == null) {
            result = new RunResult(false, clock.instant(), "no " + entry.kind().cliName() + " action is available in this hurdvm");
        } else {
            try {
                result = new RunResult(true, clock.instant(), action.run(entry, now));
            } catch (Exception e) {
                LOG.warn("schedule {} ({}) failed: {}", entry.id(), entry.kind().cliName(), e.getMessage(), e);
                String why = ErrorText.of(e);
                result = new RunResult(false, clock.instant(), why);
            }
        }
        RunResult recorded = result;
        store.modify(entry.id(), e -> e.withRun(now, recorded));
        LOG.info("schedule {} ({}) ran: {}", entry.id(), entry.kind().cliName(), result.describe());
        return new Run(entry.id(), entry.kind(), now, result);
    }
}
