package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One schedule of an instance, as stored in its {@code schedules.json}.
 *
 * @param id         short name, unique per instance; part of the auto snapshot names it makes
 * @param backup     where and how a backup schedule backs up; null for a snapshot schedule. A backup
 *                   schedule written by an older hurdvm may lack it: it still loads (so the file stays
 *                   usable) and its runs fail saying so.
 * @param created    when it was added: a new schedule's first run is the first cron time after this
 * @param lastRun    when it last started running, or null if never
 * @param lastResult how that run ended, or null if never (or still running)
 */
public record ScheduleEntry(String id, String cron, ScheduleKind kind, Retention retention,
                            @JsonInclude(JsonInclude.Include.NON_NULL) BackupPlan backup, Instant created,
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
        if (kind == ScheduleKind.SNAPSHOT && backup != null) {
            throw new IllegalArgumentException("a snapshot schedule takes no backup target (--target and the other backup"
                    + " options are for --kind backup)");
        }
        retention = retention == null ? Retention.KEEP_ALL : retention;
        Objects.requireNonNull(created, "created");
    }

    /** A new snapshot schedule. */
    public static ScheduleEntry create(String id, String cron, ScheduleKind kind, Retention retention, Instant now) {
        return create(id, cron, kind, retention, null, now);
    }

    /** A new schedule; a backup schedule needs its {@code backup} plan, a snapshot schedule none. */
    public static ScheduleEntry create(String id, String cron, ScheduleKind kind, Retention retention, BackupPlan backup, Instant now) {
        if (kind == ScheduleKind.BACKUP && backup == null) {
            throw new IllegalArgumentException("a backup schedule needs a backup target (--target file:///dir or s3://bucket/prefix)");
        }
        return new ScheduleEntry(id, cron, kind, retention, backup, now, null, null);
    }

    public ScheduleEntry withRun(Instant started, RunResult result) {
        return new ScheduleEntry(id, cron, kind, retention, backup, created, started, result);
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
