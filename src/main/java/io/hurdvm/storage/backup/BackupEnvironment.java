package io.hurdvm.storage.backup;

import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.BackupTargets;
import io.hurdvm.storage.target.S3Settings;
import io.hurdvm.storage.target.TargetUri;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The backup settings a process takes from its environment: the default target, S3 settings and the
 * encryption key. The CLI lays its flags over them; the API daemon uses them as they are, so a request
 * can never name a key or credentials file.
 */
public record BackupEnvironment(Path home, Map<String, String> env) {
    public static final String TARGET_VAR = "HURDVM_BACKUP_TARGET";
    public static final String KEY_FILE_VAR = "HURDVM_BACKUP_KEY_FILE";

    public BackupEnvironment {
        Objects.requireNonNull(home, "home");
        env = Map.copyOf(env);
    }

    /** {@code chosen}, else {@value #TARGET_VAR}, else {@code file://$HURDVM_HOME/backups}. */
    public TargetUri target(Optional<String> chosen) {
        String text = chosen.or(() -> Optional.ofNullable(env.get(TARGET_VAR)))
                .orElse(BackupTargets.defaultDir(home).toUri().toString());
        return TargetUri.parse(text);
    }

    /** Opens {@code uri}; S3 settings come from the flags given, then the environment, only if it is an S3 target. */
    public BackupTarget open(TargetUri uri, Optional<String> s3Endpoint, Optional<String> s3Region, Optional<Path> s3CredentialsFile) {
        return BackupTargets.open(uri, home, () -> S3Settings.resolve(s3Endpoint, s3Region, s3CredentialsFile, env));
    }

    /** {@code keyFile}, else {@value #KEY_FILE_VAR}; empty means backups are not encrypted. */
    public Optional<BackupKey> key(Optional<Path> keyFile) {
        return keyFile.or(() -> Optional.ofNullable(env.get(KEY_FILE_VAR)).map(Path::of)).map(BackupKey::fromFile);
    }
}
