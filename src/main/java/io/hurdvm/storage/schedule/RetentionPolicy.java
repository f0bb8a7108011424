package io.hurdvm.storage.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which snapshots a {@link Retention} keeps, exactly as restic's {@code forget} does: newest
 * first, each rule ("bucket") keeps a snapshot whose hour/day/week/month differs from the last one that
 * rule kept, until its count is used up; keep-last counts every snapshot as its own bucket. A rule
 * with count left when it reaches the oldest snapshot keeps that one too, so history reaches as far back
 * as possible. A snapshot may be kept by several rules. Buckets are wall-clock periods in {@code zone}.
 */
public final class RetentionPolicy {
    public record Item(String id, Instant time) {
    }

    public record Kept(Item item, List<String> reasons) {
        public Kept {
            reasons = List.copyOf(reasons);
        }
    }

    /** @param keep newest first, with why; @param forget newest first */
    public record Decision(List<Kept> keep, List<Item> forget) {
        public Decision {
            keep = List.copyOf(keep);
            forget = List.copyOf(forget);
        }
    }

    private RetentionPolicy() {
    }

    public static Decision apply(List<Item> items, Retention retention, ZoneId zone) {
        // Stable, like restic's sort: snapshots with the same time keep their given order.
        List<Item> newestFirst = new ArrayList<>(items);
        newestFirst.sort(Comparator.comparing(Item::time).reversed());
        if (retention.keepsAll()) {
            return new Decision(newestFirst.stream().map(i -> new Kept(i, List.of("policy keeps all"))).toList(), List.of());
        }
        List<Bucket> buckets = List.of(
                new Bucket("last", retention.keepLast(), null),
                new Bucket("hourly", retention.keepHourly(), t -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L + t.getHour()),
                new Bucket("daily", retention.keepDaily(), t -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth()),
                new Bucket("weekly", retention.keepWeekly(), t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                new Bucket("monthly", retention.keepMonthly(), t -> t.getYear() * 100L + t.getMonthValue()));
        List<Kept> keep = new ArrayList<>();
        List<Item> forget = new ArrayList<>();
        for (int nr = 0; nr < newestFirst.size(); nr++) {
            Item item = newestFirst.get(nr);
            LocalDateTime local = LocalDateTime.ofInstant(item.time(), zone);
            boolean oldest = nr == newestFirst.size() - 1;
            List<String> reasons = new ArrayList<>();
            for (Bucket b : buckets) {
                b.offer(local, nr, oldest).ifPresent(reasons::add);
            }
            if (reasons.isEmpty()) {
                forget.add(item);
            } else {
                keep.add(new Kept(item, reasons));
            }
        }
        return new Decision(keep, forget);
    }

    /** One rule's state while walking newest to oldest. */
    private static final class Bucket {
        private final String name;
        private final Function<LocalDateTime, Long> period;
        private int left;
        private Long lastKeptPeriod;

        /** @param period the bucket a time falls into; null = every snapshot its own (keep-last) */
        Bucket(String name, int count, Function<LocalDateTime, Long> period) {
            this.name = name;
            this.left = count;
            this.period = period;
        }

        Optional<String> offer(LocalDateTime time, int nr, boolean oldest) {
            if (left <= 0) {
                return Optional.empty();
            }
            long p = period == null ? nr : period.apply(time);
            boolean newPeriod = lastKeptPeriod == null || p != lastKeptPeriod;
            if (!newPeriod && !oldest) {
                return Optional.empty();
            }
            lastKeptPeriod = p;
            left--;
            return Optional.of(newPeriod ? name : "oldest " + name);
        }
    }
}
