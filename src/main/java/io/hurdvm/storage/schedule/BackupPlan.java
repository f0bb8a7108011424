package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.TargetUri;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where and how a {@link ScheduleKind#BACKUP} schedule backs up, fixed when the schedule is added:
 * the supervisor that runs it does not see the shell environment of whoever added it. Holds no
 * secrets, only the absolute paths of the files they are read from at each run.
 *
 * @param target            {@code file:///dir} or {@code s3://bucket/prefix}
 * @param s3Endpoint        S3-compatible endpoint URL; null for AWS itself or a file target
 * @param s3Region          S3 region; null for the credentials file's or the default
 * @param s3CredentialsFile absolute path; required for an S3 target, null for a file target
 * @param keyFile           absolute path of the encryption key; null for unencrypted backups
 * @param maxIncrementals   after this many incrementals the next backup is full again
 * @param copyTo            second places each backup is copied to after it is made; the copies follow
 *                          the schedule's retention there too
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupPlan(String target, String s3Endpoint, String s3Region, String s3CredentialsFile, String keyFile,
                         int maxIncrementals, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CopyTarget> copyTo) {
    public BackupPlan {
        TargetLocation.checked(target, s3Endpoint, s3Region, s3CredentialsFile, "backup", "--s3-");
        TargetLocation.requireAbsolute("--key-file", keyFile);
        if (maxIncrementals < 0) {
            throw new IllegalArgumentException("--max-incrementals must be 0 or more, not " + maxIncrementals);
        }
        copyTo = copyTo == null ? List.of() : List.copyOf(copyTo);
        // A place is its URI at its endpoint: the same bucket name at another endpoint is another site.
        if (copyTo.stream().map(c -> c.target() + " " + c.s3Endpoint()).distinct().count() != copyTo.size()
                || copyTo.stream().anyMatch(c -> c.target().equals(target) && java.util.Objects.equals(c.s3Endpoint(), s3Endpoint))) {
            throw new IllegalArgumentException("--copy-to names the backup target or one place twice: " + target + " -> "
                    + copyTo.stream().map(CopyTarget::target).collect(Collectors.joining(", ")));
        }
    }

    /** A plan without copies. */
    public BackupPlan(String target, String s3Endpoint, String s3Region, String s3CredentialsFile, String keyFile, int maxIncrementals) {
        this(target, s3Endpoint, s3Region, s3CredentialsFile, keyFile, maxIncrementals, List.of());
    }

    public BackupPlan withCopies(List<CopyTarget> copies) {
        return new BackupPlan(target, s3Endpoint, s3Region, s3CredentialsFile, keyFile, maxIncrementals, copies);
    }

    private TargetLocation location() {
        return new TargetLocation(target, s3Endpoint, s3Region, s3CredentialsFile);
    }

    public TargetUri targetUri() {
        return location().uri();
    }

    /** Reads the key file, if any: at every run, so a rotated key file is picked up. */
    public Optional<BackupKey> key() {
        return Optional.ofNullable(keyFile).map(Path::of).map(BackupKey::fromFile);
    }

    /**
     * Opens the target; S3 settings come from the plan first and {@code env} only for what the plan
     * leaves open (see {@link io.hurdvm.storage.target.S3Settings#resolve}).
     */
    public BackupTarget open(Map<String, String> env) {
        return location().open(env);
    }

    /**
     * Fails now, with the reason, if a run would fail for want of a usable key file or S3 credentials:
     * better at {@code schedule add} than at 2 a.m. Reads the files with an empty environment, since
     * the supervisor will not have the caller's.
     */
    public BackupPlan checkedOnThisHost() {
        key();
        location().checkCredentialsOnThisHost();
        copyTo.forEach(CopyTarget::checkedOnThisHost);
        return this;
    }

    /** e.g. "s3://bucket/vms (endpoint http://127.0.0.1:9000, encrypted, full after 7 incrementals), copied to file:///mnt/b". */
    public String describe() {
        return target + " (" + location().endpointPart() + (keyFile == null ? "unencrypted" : "encrypted") + ", full after "
                + maxIncrementals + " incrementals)"
                + (copyTo.isEmpty() ? "" : ", copied to " + copyTo.stream().map(CopyTarget::describe).collect(Collectors.joining(", ")));
    }
}
