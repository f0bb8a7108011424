package io.hurdvm.storage.schedule;

import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.target.BackupTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every place an instance's schedules keep or read its backups: each backup schedule's target and copies,
 * each drill's source; once per URI (the first schedule naming it says how to reach it). What
 * {@code backup status} reports a recovery point for.
 */
public final class SchedulePlaces {
    /**
     * One place.
     *
     * @param role what it is to the schedules, e.g. "target of 'nightly'", "copy of 'nightly'", "drill source of 'weekly'"
     */
    public record Place(String uri, String role, Function<Map<String, String>, BackupTarget> opener, Supplier<Optional<BackupKey>> key) {
        public BackupTarget open(Map<String, String> env) {
            return opener.apply(env);
        }
    }

    private SchedulePlaces() {
    }

    public static List<Place> of(List<ScheduleEntry> schedules) {
        Map<String, Place> places = new LinkedHashMap<>();
        for (ScheduleEntry e : schedules) {
            if (e.backup() != null) {
                BackupPlan plan = e.backup();
                places.putIfAbsent(plan.target(), new Place(plan.target(), "target of '" + e.id() + "'", plan::open, plan::key));
                for (CopyTarget copy : plan.copyTo()) {
                    places.putIfAbsent(copy.target(), new Place(copy.target(), "copy of '" + e.id() + "'", copy::open, plan::key));
                }
            }
            if (e.drill() != null) {
                DrillPlan plan = e.drill();
                places.putIfAbsent(plan.from(), new Place(plan.from(), "drill source of '" + e.id() + "'", plan::open, plan::key));
            }
        }
        return new ArrayList<>(places.values());
    }
}
