package io.hurdvm.progress;

import io.hurdvm.config.ByteSize;
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
        StringBuilder sb = new StringBuilder(ByteSize.human(done));
        if (totalKnown()) {
            sb.append(" of ").append(ByteSize.human(total));
        }
        sb.append(", ").append(ByteSize.human((long) bytesPerSecond())).append("/s");
        long eta = etaSeconds();
        if (eta >= 0) {
            sb.append(", ETA ").append(String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60));
        }
        return sb.toString();
    }
}
