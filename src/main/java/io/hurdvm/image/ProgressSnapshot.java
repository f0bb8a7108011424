package io.hurdvm.image;

import java.util.Locale;

/** Where a step stands: bytes done of total (negative when unknown) after some nanoseconds. */
public record ProgressSnapshot(long done, long total, long elapsedNanos) {

    public boolean totalKnown() {
        return total > 0;
    }

    public int percent() {
        return totalKnown() ? (int) Math.min(100, done * 100 / total) : -1;
    }

    public double bytesPerSecond() {
        return elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
    }

    /** Seconds left at the average rate so far; negative when it cannot be told. */
    public long etaSeconds() {
        double rate = bytesPerSecond();
        return !totalKnown() || rate <= 0 ? -1 : (long) Math.ceil((total - done) / rate);
    }

    /** e.g. {@code 12.0 MiB of 120 MiB, 5.1 MiB/s, ETA 0:21}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(size(done));
        if (totalKnown()) {
            sb.append(" of ").append(size(total));
        }
        sb.append(", ").append(size((long) bytesPerSecond())).append("/s");
        long eta = etaSeconds();
        if (eta >= 0) {
            sb.append(", ETA ").append(String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60));
        }
        return sb.toString();
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
