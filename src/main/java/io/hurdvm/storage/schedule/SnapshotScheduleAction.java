package io.hurdvm.storage.schedule;

import io.hurdvm.qemu.ImageSnapshot;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotService;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ScheduleKind#SNAPSHOT} action: takes {@code auto-<id>-<UTC time>} and then applies the
 * schedule's retention to that schedule's own auto snapshots, never to snapshots a user named or
 * another schedule made.
 */
public final class SnapshotScheduleAction implements ScheduledAction {
    private final SnapshotService snapshots;
    private final ZoneId zone;

    /** @param zone wall-clock zone of the hourly/daily/... retention buckets */
    public SnapshotScheduleAction(SnapshotService snapshots, ZoneId zone) {
        this.snapshots = snapshots;
        this.zone = zone;
    }

    @Override
    public String run(ScheduleEntry entry, Instant now) {
        SnapshotName name = SnapshotName.auto(entry.id(), now);
        snapshots.create(name);
        List<RetentionPolicy.Item> mine = new ArrayList<>();
        for (ImageSnapshot s : snapshots.list().snapshots()) {
            if (SnapshotName.isAutoOf(s.name(), entry.id())) {
                mine.add(new RetentionPolicy.Item(s.name(), s.created()));
            }
        }
        RetentionPolicy.Decision decision = RetentionPolicy.apply(mine, entry.retention(), zone);
        List<String> deleted = new ArrayList<>();
        for (RetentionPolicy.Item old : decision.forget()) {
            snapshots.delete(SnapshotName.of(old.id()));
            deleted.add(old.id());
        }
        return "created " + name + "; keeping " + decision.keep().size() + " (" + entry.retention().describe() + ")"
                + (deleted.isEmpty() ? "" : "; deleted " + String.join(", ", deleted));
    }
}
