package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One schedule of an instance, as stored in its {@code schedules.json}.
 *
 * @param id         short name, unique per instance; part of the auto snapshot names it makes
 * @param backup     where and how a backup schedule backs up; null for other kinds. A backup
 *                   schedule written by an older hurdvm may lack it: it still loads (so the file stays
 *                   usable) and its runs fail saying so.
 * @param drill      what a drill schedule restores and checks; null for other kinds
 * @param created    when it was added: a new schedule's first run is the first cron time after this
 * @param lastRun    when it last started running, or null if never
 * @param lastResult how that run ended, or null if never (or still running)
 */
public record ScheduleEntry(String id, String cron, ScheduleKind kind, Retention retention,
                            @JsonInclude(JsonInclude.Include.NON_NULL) BackupPlan backup,
                            @JsonInclude(JsonInclude.Include.NON_NULL) DrillPlan drill, Instant created,
                            Instant lastRun, RunResult lastResult) {
    public static final int MAX_ID_LENGTH = 32;
    /** Firings looked at for the longest gap: enough to see a weekend or a short month. */
    private static final int GAP_FIRINGS = 40;
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
        if (kind != ScheduleKind.DRILL && drill != null || kind == ScheduleKind.DRILL && backup != null) {
            throw new IllegalArgumentException("only a drill schedule takes a drill plan (--from, --check), and it takes no backup target");
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
        if (kind == ScheduleKind.DRILL) {
            throw new IllegalArgumentException("a drill schedule needs a drill plan: use ScheduleEntry.drill");
        }
        return new ScheduleEntry(id, cron, kind, retention, backup, null, now, null, null);
    }

    /** A new drill schedule: restores the latest backup {@code plan} names into a throwaway instance at each cron time. */
    public static ScheduleEntry drill(String id, String cron, DrillPlan plan, Instant now) {
        return new ScheduleEntry(id, cron, ScheduleKind.DRILL, Retention.KEEP_ALL, null, Objects.requireNonNull(plan, "plan"), now, null, null);
    }

    public ScheduleEntry withRun(Instant started, RunResult result) {
        return new ScheduleEntry(id, cron, kind, retention, backup, drill, created, started, result);
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

    /**
     * How old the newest result of this schedule (a backup, a successful drill) may get before it counts
     * as overdue, for metrics and alerts: twice the longest gap between the coming cron times, so one
     * failed run is tolerated and a second is not. Empty if the cron never fires twice more.
     */
    public Optional<Duration> freshnessGoal(Instant now, ZoneId zone) {
        return schedule().longestGap(now, zone, GAP_FIRINGS).map(gap -> gap.multipliedBy(2));
    }

    public boolean isDue(Instant now, ZoneId zone) {
        return nextRun(zone).filter(next -> !next.isAfter(now)).isPresent();
    }
}
