package io.hurdvm.storage.backup;

import java.time.Duration;
import java.util.Locale;

/** The final line of a backup or restore: bytes read, bytes written, duration and rate. */
public record TransferSummary(long bytesRead, long bytesWritten, Duration duration) {
    public String describe() {
        double seconds = Math.max(duration.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "read %s, wrote %s in %.1f s (%s/s)", human(bytesRead), human(bytesWritten),
                seconds, human((long) (bytesRead / seconds)));
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
