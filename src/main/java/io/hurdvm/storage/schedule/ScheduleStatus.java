package io.hurdvm.storage.schedule;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One schedule as {@code hurdvm schedule list -o json} and {@code GET /v1/instances/{name}/schedules}
 * show it. {@code due}: its next run has passed (it was missed while the instance was down, or is
 * about to run); it then runs once when the supervisor next checks. {@code backup}: where a backup
 * schedule backs up (file paths, never secrets) and copies to; null for other kinds. {@code drill}: what a
 * drill schedule restores and checks; null for other kinds.
 */
public record ScheduleStatus(String id, ScheduleKind kind, String cron, Retention retention, BackupPlan backup, DrillPlan drill,
                             Instant nextRun,
                             boolean due, Instant lastRun, RunResult lastResult) {
    public static ScheduleStatus of(ScheduleEntry e, Instant now, ZoneId zone) {
        Instant next = e.nextRun(zone).orElse(null);
        return new ScheduleStatus(e.id(), e.kind(), e.cron(), e.retention(), e.backup(), e.drill(), next, e.isDue(now, zone), e.lastRun(),
                e.lastResult());
    }
}
