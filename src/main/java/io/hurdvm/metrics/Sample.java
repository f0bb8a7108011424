package io.hurdvm.metrics;

import java.util.List;
import java.util.Objects;

/**
 * One value of one series: a metric family, the values of its labels (in {@link MetricFamily#labels()}
 * order, instance name first) and the number. Label values only ever come from instance names,
 * drive node names, lifecycle states and the HURDVM_HOME path: never from free text.
 */
public record Sample(MetricFamily family, List<String> labelValues, double value) {
    public Sample {
        Objects.requireNonNull(family, "family");
        labelValues = List.copyOf(labelValues);
        if (labelValues.size() != family.labels().size()) {
            throw new IllegalArgumentException(family.prometheusName() + " needs labels " + family.labels()
                    + ", got " + labelValues.size() + " values");
        }
    }

    public static Sample of(MetricFamily family, String instance, double value) {
        return new Sample(family, List.of(instance), value);
    }

    public static Sample of(MetricFamily family, String instance, String extraLabel, double value) {
        return new Sample(family, List.of(instance, extraLabel), value);
    }

    public String instance() {
        return labelValues.getFirst();
    }

    /** Identifies the series regardless of its current value. */
    public SeriesKey key() {
        return new SeriesKey(family, labelValues);
    }

    /** A series: family plus label values. */
    public record SeriesKey(MetricFamily family, List<String> labelValues) {
        public SeriesKey {
            labelValues = List.copyOf(labelValues);
        }
    }
}
