package io.hurdvm.storage.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One schedule of an instance, as stored in its {@code schedules.json}.
 *
 * @param id         short name, unique per instance; part of the auto snapshot names it makes
 * @param created    when it was added: a new schedule's first run is the first cron time after this
 * @param lastRun    when it last started running, or null if never
 * @param lastResult how that run ended, or null if never (or still running)
 */
public record ScheduleEntry(String id, String cron, ScheduleKind kind, Retention retention, Instant created,
                            Instant lastRun, RunResult lastResult) {
    public static final int MAX_ID_LENGTH = 32;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (MAX_ID_LENGTH - 1) + "}");

    public ScheduleEntry {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid schedule id '" + id + "': use 1-" + MAX_ID_LENGTH
                    + " lower-case letters, digits, '_' or '-', starting with a letter or digit");
        }
        CronSchedule.parse(cron);
        Objects.requireNonNull(kind, "kind");
        retention = retention == null ? Retention.KEEP_ALL : retention;
        Objects.requireNonNull(created, "created");
    }

    public static ScheduleEntry create(String id, String cron, ScheduleKind kind, Retention retention, Instant now) {
        return new ScheduleEntry(id, cron, kind, retention, now, null, null);
    }

    public ScheduleEntry withRun(Instant started, RunResult result) {
        return new ScheduleEntry(id, cron, kind, retention, created, started, result);
    }

    public CronSchedule schedule() {
        return CronSchedule.parse(cron);
    }

    /**
     * The run the schedule owes next: the first cron time after its last run (or its creation). After
     * downtime this lies in the past, and it is one run however many cron times were missed.
     */
    public Optional<Instant> nextRun(ZoneId zone) {
        return schedule().nextAfter(lastRun != null ? lastRun : created, zone);
    }

    public boolean isDue(Instant now, ZoneId zone) {
        return nextRun(zone).filter(next -> !next.isAfter(now)).isPresent();
    }
}
