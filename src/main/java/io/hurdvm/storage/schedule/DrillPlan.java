package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.target.BackupTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link ScheduleKind#DRILL} schedule restores and how it judges the result, fixed when the
 * schedule is added (the supervisor runs it without the caller's environment). File paths, never secrets.
 *
 * @param from               the target the latest backup is restored from ({@code --from}): the backup
 *                           target, or a copy of it, to prove that copy restores
 * @param s3Endpoint         S3 settings for an s3:// {@code from}, as for a backup plan
 * @param keyFile            absolute path of the backup key; with it every link must authenticate, as for restore
 * @param check              a shell command run in the booted guest over SSH; exit status 0 passes. Null: SSH readiness alone
 * @param bootTimeoutSeconds how long the restored instance may take to answer SSH
 * @param checkTimeoutSeconds how long the check command may run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillPlan(String from, String s3Endpoint, String s3Region, String s3CredentialsFile, String keyFile, String check,
                        long bootTimeoutSeconds, long checkTimeoutSeconds) {
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(5);
    /** A check command travels to the guest's shell; a long one is a script that belongs in the guest. */
    static final int MAX_CHECK_LENGTH = 1024;

    public DrillPlan {
        TargetLocation.checked(from, s3Endpoint, s3Region, s3CredentialsFile, "drill source", "--s3-");
        TargetLocation.requireAbsolute("--key-file", keyFile);
        if (check != null && (check.isBlank() || check.length() > MAX_CHECK_LENGTH || check.chars().anyMatch(c -> c < 0x20 && c != '\t'))) {
            throw new IllegalArgumentException("--check must be one line of at most " + MAX_CHECK_LENGTH + " characters"
                    + " (a shell command run in the restored guest, e.g. 'systemctl is-active nginx')");
        }
        if (bootTimeoutSeconds <= 0 || checkTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("drill timeouts must be positive, got boot " + bootTimeoutSeconds + " s, check "
                    + checkTimeoutSeconds + " s");
        }
    }

    private TargetLocation location() {
        return new TargetLocation(from, s3Endpoint, s3Region, s3CredentialsFile);
    }

    public Optional<String> checkCommand() {
        return Optional.ofNullable(check);
    }

    public Duration bootTimeout() {
        return Duration.ofSeconds(bootTimeoutSeconds);
    }

    public Duration checkTimeout() {
        return Duration.ofSeconds(checkTimeoutSeconds);
    }

    /** Reads the key file, if any, at every run. */
    public Optional<BackupKey> key() {
        return Optional.ofNullable(keyFile).map(Path::of).map(BackupKey::fromFile);
    }

    public BackupTarget open(Map<String, String> env) {
        return location().open(env);
    }

    /** Fails now if a run would fail for want of a usable key or credentials file. */
    public DrillPlan checkedOnThisHost() {
        key();
        location().checkCredentialsOnThisHost();
        return this;
    }

    /** e.g. "latest backup on s3://b/vms (encrypted), boot within 600 s, check 'systemctl is-active nginx'". */
    public String describe() {
        return "latest backup on " + from + " (" + location().endpointPart() + (keyFile == null ? "no key" : "with key") + "), SSH within "
                + bootTimeoutSeconds + " s" + (check == null ? "" : ", check '" + check + "'");
    }
}
