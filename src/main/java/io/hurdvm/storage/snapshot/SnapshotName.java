package io.hurdvm.storage.snapshot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name (qcow2 "tag") of an internal snapshot. It travels through QMP, qemu-img argv and JSON, so
 * it is kept to a plain alphabet. qemu-img looks a snapshot up by ID before name, so an all-digit name
 * could select another snapshot: names need a non-digit. Names starting with {@code auto-} are made
 * by schedules ({@link #auto}); retention only ever deletes those.
 */
public record SnapshotName(String value) {
    public static final int MAX_LENGTH = 64;
    static final String AUTO_PREFIX = "auto-";
    private static final DateTimeFormatter AUTO_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern AUTO = Pattern.compile("auto-(.+)-(\\d{8}T\\d{6}Z)");
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9._-]+");

    public SnapshotName {
        String rule = violatedRule(value);
        if (rule != null) {
            throw new IllegalArgumentException("invalid snapshot name '" + printable(value) + "': " + rule);
        }
    }

    public static SnapshotName of(String value) {
        return new SnapshotName(value);
    }

    /**
     * A name a user chose for a snapshot to create: a valid name outside the {@code auto-} range, which
     * schedules own (their retention would delete it).
     */
    public static SnapshotName userChosen(String value) {
        SnapshotName name = new SnapshotName(value);
        if (name.isAuto()) {
            throw new IllegalArgumentException("invalid snapshot name '" + name + "': names starting with '" + AUTO_PREFIX
                    + "' are reserved for scheduled snapshots (retention deletes them); choose another name");
        }
        return name;
    }

    /** The name a schedule gives its snapshot taken at {@code when}, e.g. {@code auto-hourly-20261127T101500Z}. */
    public static SnapshotName auto(String scheduleId, Instant when) {
        return new SnapshotName(AUTO_PREFIX + scheduleId + "-" + AUTO_STAMP.format(when));
    }

    /**
     * Whether {@code name} was made by {@link #auto} for exactly this schedule (not for one whose id
     * merely starts alike). Any string may be asked about: snapshots made outside hurdvm can have any name.
     */
    public static boolean isAutoOf(String name, String scheduleId) {
        return autoScheduleId(name).filter(scheduleId::equals).isPresent();
    }

    public boolean isAuto() {
        return value.startsWith(AUTO_PREFIX);
    }

    static Optional<String> autoScheduleId(String name) {
        Matcher m = AUTO.matcher(name);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first rule {@code name} breaks, in words, or null if it is a valid name. */
    static String violatedRule(String name) {
        if (name == null || name.isEmpty()) {
            return "a name is required (1-" + MAX_LENGTH + " characters)";
        }
        if (name.length() > MAX_LENGTH) {
            return "at most " + MAX_LENGTH + " characters are allowed (this one has " + name.length() + ")";
        }
        if (!ALPHABET.matcher(name).matches()) {
            return "only letters, digits, '.', '_' and '-' are allowed (no '/', spaces or other characters)";
        }
        if (!Character.isLetterOrDigit(name.charAt(0))) {
            return "the name must start with a letter or digit";
        }
        if (name.chars().allMatch(Character::isDigit)) {
            return "an all-digit name would be taken for a snapshot ID by qemu-img: add a letter";
        }
        return null;
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return value;
    }
}
