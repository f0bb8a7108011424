package io.hurdvm.web;

import io.hurdvm.metrics.MetricFamily;
import io.hurdvm.metrics.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last minutes of each instance's CPU, memory and disk counters for the dashboard's charts, from
 * the very samples {@code /metrics} exports ({@link io.hurdvm.metrics.HurdvmMetrics#sample()}). The
 * counters are kept as they are; the page turns them into rates. Sampled every
 * {@link #INTERVAL} while someone is logged in, and every {@link #IDLE_INTERVAL} otherwise, so the
 * charts have a past when the page opens without costing much while nobody looks.
 */
final class MetricsHistory {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Duration IDLE_INTERVAL = Duration.ofSeconds(60);
    static final Duration KEPT = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHistory.class);

    /** One sampling round of one instance; null where the instance had no such series (QEMU not running). */
    record Point(long t, Double cpuSeconds, Double residentBytes, Double guestBytes, Double readBytes, Double writeBytes) {
    }

    /** What the charts and the backup column need of one instance. */
    record Series(String name, Integer vcpus, Long backupLastSuccess, Long backupFailures, List<Point> points) {
    }

    record Answer(long intervalSeconds, List<Series> instances) {
    }

    private final Supplier<List<Sample>> source;
    private final BooleanSupplier someoneLooks;
    private final Clock clock;
    private final Map<String, Deque<Point>> points = new HashMap<>();
    private final Map<String, Map<MetricFamily, Double>> latest = new HashMap<>();
    private Instant lastRound = Instant.EPOCH;
    private boolean failureLogged;

    MetricsHistory(Supplier<List<Sample>> source, BooleanSupplier someoneLooks, Clock clock) {
        this.source = source;
        this.someoneLooks = someoneLooks;
        this.clock = clock;
    }

    /** Called every {@link #INTERVAL}; samples unless nobody looks and the last round is recent. */
    void tick() {
        Instant now = clock.instant();
        if (!someoneLooks.getAsBoolean() && Duration.between(lastRound, now).compareTo(IDLE_INTERVAL) < 0) {
            return;
        }
        List<Sample> samples;
        try {
            samples = source.get();
            failureLogged = false;
        } catch (RuntimeException e) {
            if (!failureLogged) {
                LOG.warn("web console charts: sampling failed: {}", e.getMessage());
                failureLogged = true;
            }
            return;
        }
        record(now, samples);
    }

    synchronized void record(Instant at, List<Sample> samples) {
        lastRound = at;
        Map<String, Map<MetricFamily, Double>> round = new HashMap<>();
        for (Sample s : samples) {
            Map<MetricFamily, Double> values = round.computeIfAbsent(s.instance(), k -> new HashMap<>());
            // Drives are summed: the charts show the instance's disk traffic, not each drive's.
            values.merge(s.family(), s.value(), Double::sum);
        }
        points.keySet().retainAll(round.keySet());
        latest.clear();
        latest.putAll(round);
        Instant oldest = at.minus(KEPT);
        round.forEach((name, v) -> {
            Deque<Point> q = points.computeIfAbsent(name, k -> new ArrayDeque<>());
            q.addLast(new Point(at.toEpochMilli(), v.get(MetricFamily.VMI_CPU_USAGE), v.get(MetricFamily.VMI_MEMORY_RESIDENT),
                    v.get(MetricFamily.VMI_MEMORY_DOMAIN), v.get(MetricFamily.VMI_STORAGE_READ_BYTES),
                    v.get(MetricFamily.VMI_STORAGE_WRITE_BYTES)));
            while (!q.isEmpty() && q.peekFirst().t() < oldest.toEpochMilli()) {
                q.removeFirst();
            }
        });
    }

    synchronized Answer answer() {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, Deque<Point>> e : new TreeMap<>(points).entrySet()) {
            Map<MetricFamily, Double> v = latest.getOrDefault(e.getKey(), Map.of());
            Double last = v.get(MetricFamily.BACKUP_LAST_SUCCESS);
            Double failures = v.get(MetricFamily.BACKUP_FAILURES);
            Double vcpus = v.get(MetricFamily.VMI_VCPUS);
            out.add(new Series(e.getKey(), vcpus == null ? null : vcpus.intValue(),
                    last == null || last <= 0 ? null : last.longValue(), failures == null ? null : failures.longValue(),
                    List.copyOf(e.getValue())));
        }
        return new Answer(INTERVAL.toSeconds(), out);
    }
}
