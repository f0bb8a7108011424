package io.hurdvm.storage.backup;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A backup's id: its UTC start time (so ids sort by age), e.g. {@code 20250131T142501Z-3fa9}. The
 * suffix is the millisecond in three hex digits, so backups within one second still sort by age,
 * plus one random hex digit, so two starts in the same millisecond (two hosts) are unlikely to collide.
 */
public record BackupId(String value) implements Comparable<BackupId> {
    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{4}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public BackupId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid backup id '" + value + "': expected e.g. 20250131T142501Z-3fa9 (see 'hurdvm backup list')");
        }
    }

    public static BackupId at(Instant time) {
        int millis = time.get(ChronoField.MILLI_OF_SECOND);
        return new BackupId(STAMP.format(time.truncatedTo(ChronoUnit.SECONDS)) + "-" + String.format("%03x%x", millis, RANDOM.nextInt(16)));
    }

    public static boolean looksLikeId(String s) {
        return s != null && FORMAT.matcher(s).matches();
    }

    @Override
    public int compareTo(BackupId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
