package io.hurdvm.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition, enough to look series up in tests. */
record Exposition(List<Series> series) {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Series(String name, Map<String, String> labels, double value) {
    }

    static Exposition parse(String text) {
        List<Series> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not an exposition line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Exposition(List.copyOf(out));
    }

    List<Series> named(String name) {
        return series.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The series of {@code name} for one instance (and optionally one more label), if present. */
    Optional<Double> value(String name, String instance, String... extraLabel) {
        return named(name).stream()
                .filter(s -> instance.equals(s.labels().get("instance_name")))
                .filter(s -> extraLabel.length == 0 || extraLabel[1].equals(s.labels().get(extraLabel[0])))
                .map(Series::value).findFirst();
    }

    boolean hasAnyFor(String name, String instance) {
        return named(name).stream().anyMatch(s -> instance.equals(s.labels().get("instance_name")));
    }
}
