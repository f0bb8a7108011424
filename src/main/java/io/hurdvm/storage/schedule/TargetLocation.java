package io.hurdvm.storage.schedule;

import io.hurdvm.config.HurdvmHome;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.BackupTargets;
import io.hurdvm.storage.target.S3Settings;
import io.hurdvm.storage.target.TargetUri;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a schedule reads or writes backups (its backup target, a copy's destination, a drill's source):
 * a target URI and the S3 settings to reach it, as file paths, never secrets. Checked when the plan is
 * made, since the supervisor that uses it runs elsewhere, without the caller's shell environment.
 */
record TargetLocation(String target, String s3Endpoint, String s3Region, String s3CredentialsFile) {
    /**
     * @param role         what the target is for, in messages ("backup", "copy", "drill")
     * @param optionPrefix the prefix of the options that set the S3 settings, e.g. "--s3-" or "--copy-s3-"
     */
    static TargetLocation checked(String target, String s3Endpoint, String s3Region, String s3CredentialsFile, String role,
                                  String optionPrefix) {
        TargetUri uri = TargetUri.parse(target);
        boolean s3 = uri instanceof TargetUri.S3;
        if (s3 && s3CredentialsFile == null) {
            throw new IllegalArgumentException("a scheduled S3 " + role + " needs " + optionPrefix + "credentials-file: the supervisor"
                    + " cannot see AWS_* variables of your shell");
        }
        if (!s3 && (s3Endpoint != null || s3Region != null || s3CredentialsFile != null)) {
            throw new IllegalArgumentException(optionPrefix + "endpoint, " + optionPrefix + "region and " + optionPrefix
                    + "credentials-file only apply to an s3:// target, not " + target);
        }
        requireAbsolute(optionPrefix + "credentials-file", s3CredentialsFile);
        return new TargetLocation(target, s3Endpoint, s3Region, s3CredentialsFile);
    }

    static void requireAbsolute(String option, String path) {
        if (path != null && !Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException(option + " must be an absolute path in a schedule (the supervisor runs"
                    + " elsewhere), got " + path);
        }
    }

    TargetUri uri() {
        return TargetUri.parse(target);
    }

    /**
     * Opens the target; S3 settings come from the plan first and {@code env} only for what the plan
     * leaves open (see {@link S3Settings#resolve}).
     */
    BackupTarget open(Map<String, String> env) {
        // The supervisor runs with the HURDVM_HOME of the instance, so the default directory is recognised.
        return BackupTargets.open(uri(), HurdvmHome.resolve(env), () -> s3Settings(env));
    }

    private S3Settings s3Settings(Map<String, String> env) {
        return S3Settings.resolve(Optional.ofNullable(s3Endpoint), Optional.ofNullable(s3Region),
                Optional.ofNullable(s3CredentialsFile).map(Path::of), env);
    }

    /** Reads the credentials file with an empty environment (the supervisor will not have the caller's): fails now, not at the first run. */
    void checkCredentialsOnThisHost() {
        if (uri() instanceof TargetUri.S3) {
            try {
                s3Settings(Map.of());
            } catch (UncheckedIOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** "endpoint http://127.0.0.1:9000, " when there is one. */
    String endpointPart() {
        return s3Endpoint == null ? "" : "endpoint " + s3Endpoint + ", ";
    }
}
