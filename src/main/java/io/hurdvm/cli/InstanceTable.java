package io.hurdvm.cli;

import io.hurdvm.instance.InstanceView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text table of {@code hurdvm list}: one row per instance, each column as wide as its widest cell. */
record InstanceTable(List<String[]> rows) {
    static final String[] HEADER = {"NAME", "STATE", "SSH", "IMAGE", "UPTIME", "DISK", "MiB", "ACCEL", "RESTARTS", "FORWARDS"};
    /** A store image's blob: shown as its digest's start, which 'hurdvm image inspect' accepts. */
    private static final Pattern BLOB = Pattern.compile("sha256-([0-9a-f]{12})[0-9a-f]*\\.qcow2");

    static InstanceTable of(List<InstanceView> views, Clock clock) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (InstanceView v : views) {
            rows.add(new String[] {v.name(), v.state(), orDash(v.ssh()), image(v.image()), uptime(v.startedAt(), clock),
                v.diskBytes() == null ? "-" : bytes(v.diskBytes()), String.valueOf(v.memoryMib()), orDash(v.accel()),
                String.valueOf(v.restarts()), ListCommand.forwards(v)});
        }
        return new InstanceTable(rows);
    }

    void print(PrintWriter out) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** The image's file name; a store blob as {@code sha256:} and the first 12 hex digits of its digest. */
    static String image(String path) {
        if (path == null || path.isBlank()) {
            return "-";
        }
        Path name = Path.of(path).getFileName();
        String file = name == null ? path : name.toString();
        Matcher blob = BLOB.matcher(file);
        return blob.matches() ? "sha256:" + blob.group(1) : file;
    }

    /** Time since the running QEMU started, in its two largest units ({@code 3d4h}, {@code 2h13m}, {@code 45s}). */
    static String uptime(String startedAt, Clock clock) {
        if (startedAt == null) {
            return "-";
        }
        Duration up;
        try {
            up = Duration.between(Instant.parse(startedAt), clock.instant());
        } catch (DateTimeParseException e) {
            return "-";
        }
        if (up.isNegative()) {
            return "0s";
        }
        long d = up.toDays();
        long h = up.toHoursPart();
        long m = up.toMinutesPart();
        long s = up.toSecondsPart();
        if (d > 0) {
            return d + "d" + h + "h";
        }
        if (h > 0) {
            return h + "h" + m + "m";
        }
        return m > 0 ? m + "m" + s + "s" : s + "s";
    }

    /** Binary units, one decimal below 10 ({@code 1.5G}, {@code 312M}, {@code 4.0K}). */
    static String bytes(long n) {
        String units = "KMGTPE";
        if (n < 1024) {
            return n + "B";
        }
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.valueOf(Math.round(v))) + units.charAt(u);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
