package io.hurdvm.metrics;

import io.hurdvm.metrics.Sample.SeriesKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a Micrometer registry holding exactly the series of the latest sampling round. Instances,
 * drives and processes come and go, so a series is registered the first time it is seen and removed
 * as soon as a round no longer produces it (a stopped QEMU has no CPU counter; a deleted instance has
 * nothing). Meters are functional: they read the value the last round stored for their series.
 */
final class MeterSync {
    private final MeterRegistry registry;
    private final Map<SeriesKey, Double> values = new ConcurrentHashMap<>();
    private final Map<SeriesKey, Meter> meters = new HashMap<>();

    MeterSync(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Makes the registry show exactly {@code samples}; a series listed twice is a bug in a source. */
    synchronized void apply(Collection<Sample> samples) {
        Map<SeriesKey, Double> round = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (round.put(s.key(), s.value()) != null) {
                throw new IllegalStateException("series sampled twice in one round: " + s.key());
            }
        }
        for (Iterator<Map.Entry<SeriesKey, Meter>> it = meters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SeriesKey, Meter> e = it.next();
            if (!round.containsKey(e.getKey())) {
                registry.remove(e.getValue());
                values.remove(e.getKey());
                it.remove();
            }
        }
        values.putAll(round);
        for (SeriesKey key : round.keySet()) {
            meters.computeIfAbsent(key, this::register);
        }
    }

    /** Series currently registered, for tests and diagnostics. */
    synchronized int size() {
        return meters.size();
    }

    private Meter register(SeriesKey key) {
        MetricFamily f = key.family();
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < f.labels().size(); i++) {
            tags.add(Tag.of(f.labels().get(i), key.labelValues().get(i)));
        }
        return switch (f.type()) {
            case GAUGE -> Gauge.builder(f.meterName(), values, v -> v.getOrDefault(key, Double.NaN))
                    .description(f.help()).tags(tags).strongReference(true).register(registry);
            case COUNTER -> FunctionCounter.builder(f.meterName(), values, v -> v.getOrDefault(key, Double.NaN))
                    .description(f.help()).tags(tags).register(registry);
        };
    }
}
