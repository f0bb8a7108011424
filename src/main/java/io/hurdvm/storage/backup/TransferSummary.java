package io.hurdvm.storage.backup;

import io.hurdvm.config.ByteSize;
import java.time.Duration;
import java.util.Locale;

/** The final line of a backup or restore: bytes read, bytes written, duration and rate. */
public record TransferSummary(long bytesRead, long bytesWritten, Duration duration) {
    public String describe() {
        double seconds = Math.max(duration.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "read %s, wrote %s in %.1f s (%s/s)", ByteSize.human(bytesRead), ByteSize.human(bytesWritten),
                seconds, ByteSize.human((long) (bytesRead / seconds)));
    }
}
