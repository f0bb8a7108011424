package io.hurdvm.storage.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * How many of a schedule's snapshots to keep, with restic's {@code forget} meaning: the {@code keepLast}
 * newest, plus the newest one in each of the {@code keepHourly} most recent hours that have a snapshot,
 * and likewise for days, ISO weeks and months. All zero keeps everything.
 */
public record Retention(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly) {
    public static final Retention KEEP_ALL = new Retention(0, 0, 0, 0, 0);

    public Retention {
        check("keep-last", keepLast);
        check("keep-hourly", keepHourly);
        check("keep-daily", keepDaily);
        check("keep-weekly", keepWeekly);
        check("keep-monthly", keepMonthly);
    }

    private static void check(String option, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("--" + option + " must be 0 or more (0 = not used), got " + n);
        }
    }

    public static Retention keepLast(int n) {
        return new Retention(n, 0, 0, 0, 0);
    }

    public boolean keepsAll() {
        return equals(KEEP_ALL);
    }

    /** e.g. "last 24, daily 7"; "all" when nothing is set. */
    public String describe() {
        if (keepsAll()) {
            return "all";
        }
        List<String> parts = new ArrayList<>();
        add(parts, "last", keepLast);
        add(parts, "hourly", keepHourly);
        add(parts, "daily", keepDaily);
        add(parts, "weekly", keepWeekly);
        add(parts, "monthly", keepMonthly);
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String what, int n) {
        if (n > 0) {
            parts.add(what + " " + n);
        }
    }
}
