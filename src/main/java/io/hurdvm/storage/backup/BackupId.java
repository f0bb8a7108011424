package io.hurdvm.storage.backup;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A backup's id: its UTC start time (so ids sort by age) plus a random suffix (so two backups in
 * the same second cannot collide), e.g. {@code 20250131T142501Z-3fa9}.
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
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return new BackupId(STAMP.format(time.truncatedTo(ChronoUnit.SECONDS)) + "-" + HexFormat.of().formatHex(suffix));
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
