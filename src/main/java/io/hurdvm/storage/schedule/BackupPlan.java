package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.config.HurdvmHome;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.BackupTargets;
import io.hurdvm.storage.target.S3Settings;
import io.hurdvm.storage.target.TargetUri;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupPlan(String target, String s3Endpoint, String s3Region, String s3CredentialsFile, String keyFile,
                         int maxIncrementals) {
    public BackupPlan {
        TargetUri uri = TargetUri.parse(target);
        boolean s3 = uri instanceof TargetUri.S3;
        if (s3 && s3CredentialsFile == null) {
            throw new IllegalArgumentException("a scheduled S3 backup needs --s3-credentials-file: the supervisor cannot see"
                    + " AWS_* variables of your shell");
        }
        if (!s3 && (s3Endpoint != null || s3Region != null || s3CredentialsFile != null)) {
            throw new IllegalArgumentException("--s3-endpoint, --s3-region and --s3-credentials-file only apply to an s3:// target, not "
                    + target);
        }
        requireAbsolute("--s3-credentials-file", s3CredentialsFile);
        requireAbsolute("--key-file", keyFile);
        if (maxIncrementals < 0) {
            throw new IllegalArgumentException("--max-incrementals must be 0 or more, not " + maxIncrementals);
        }
    }

    private static void requireAbsolute(String option, String path) {
        if (path != null && !Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException(option + " must be an absolute path in a schedule (the supervisor runs"
                    + " elsewhere), got " + path);
        }
    }

    public TargetUri targetUri() {
        return TargetUri.parse(target);
    }

    /** Reads the key file, if any: at every run, so a rotated key file is picked up. */
    public Optional<BackupKey> key() {
        return Optional.ofNullable(keyFile).map(Path::of).map(BackupKey::fromFile);
    }

    /**
     * Opens the target; S3 settings come from the plan first and {@code env} only for what the plan
     * leaves open (see {@link S3Settings#resolve}).
     */
    public BackupTarget open(Map<String, String> env) {
        // The supervisor runs with the HURDVM_HOME of the instance, so the default directory is recognised.
        return BackupTargets.open(targetUri(), HurdvmHome.resolve(env), () -> s3Settings(env));
    }

    private S3Settings s3Settings(Map<String, String> env) {
        return S3Settings.resolve(Optional.ofNullable(s3Endpoint), Optional.ofNullable(s3Region),
                Optional.ofNullable(s3CredentialsFile).map(Path::of), env);
    }

    /**
     * Fails now, with the reason, if a run would fail for want of a usable key file or S3 credentials:
     * better at {@code schedule add} than at 2 a.m. Reads the files with an empty environment, since
     * the supervisor will not have the caller's.
     */
    public BackupPlan checkedOnThisHost() {
        key();
        if (targetUri() instanceof TargetUri.S3) {
            try {
                s3Settings(Map.of());
            } catch (UncheckedIOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return this;
    }

    /** e.g. "s3://bucket/vms (endpoint http://127.0.0.1:9000, encrypted, full after 7 incrementals)". */
    public String describe() {
        return target + " (" + (s3Endpoint == null ? "" : "endpoint " + s3Endpoint + ", ")
                + (keyFile == null ? "unencrypted" : "encrypted") + ", full after " + maxIncrementals + " incrementals)";
    }
}
