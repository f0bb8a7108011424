package io.hurdvm.storage.schedule;

import java.time.Instant;

/** What one {@link ScheduleKind} does when a schedule fires (take a snapshot, make a backup). */
@FunctionalInterface
public interface ScheduledAction {
    /**
     * Runs the action for {@code entry} at {@code now}.
     *
     * @return a one-line summary of what was done, recorded as the schedule's last result
     * @throws Exception any failure; its message is recorded as the last result
     */
    String run(ScheduleEntry entry, Instant now) throws Exception;
}
