package io.hurdvm.cli.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.storage.schedule.BackupPlan;
import io.hurdvm.storage.target.TargetUri;
import io.hurdvm.storage.target.BackupTarget;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where backups go and how to reach and decrypt them; shared by every {@code backup} subcommand and by
 * {@code schedule add --kind backup}, which fixes them into a {@link BackupPlan}.
 */
public final class TargetOptions {
    @Option(names = "--target", paramLabel = "URI", description = {"file:///dir or s3://bucket/prefix.",
            "Default: $HURDVM_BACKUP_TARGET, else file://$HURDVM_HOME/backups."})
    String target;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (env HURDVM_S3_ENDPOINT); implies path-style addressing.")
    String s3Endpoint;

    @Option(names = "--s3-region", description = "S3 region (env HURDVM_S3_REGION; default us-east-1).")
    String s3Region;

    @Option(names = "--s3-credentials-file", paramLabel = "FILE", description = "File with access_key_id=... and secret_access_key=... lines"
            + " (env HURDVM_S3_CREDENTIALS_FILE; else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).")
    Path s3CredentialsFile;

    @Option(names = "--key-file", paramLabel = "FILE", description = {"32-byte key for AES-256-GCM encryption at rest (env HURDVM_BACKUP_KEY_FILE).",
            "(Make one: head -c32 /dev/urandom > key; chmod 600 key)"})
    Path keyFile;

    BackupTarget open(CliContext ctx) {
        BackupEnvironment environment = environment(ctx);
        return environment.open(environment.target(Optional.ofNullable(target)), Optional.ofNullable(s3Endpoint),
                Optional.ofNullable(s3Region), Optional.ofNullable(s3CredentialsFile));
    }

    Optional<BackupKey> key(CliContext ctx) {
        return environment(ctx).key(Optional.ofNullable(keyFile));
    }

    /**
     * The target for a command run through a daemon ({@code --host}): only {@code --target} counts,
     * as the daemon takes S3 settings and the key from its own environment; empty means its default.
     */
    Optional<String> remoteTarget() {
        if (s3Endpoint != null || s3Region != null || s3CredentialsFile != null || keyFile != null) {
            throw new CliException(ErrorKind.BAD_INPUT, "--s3-endpoint, --s3-region, --s3-credentials-file and --key-file do not apply"
                    + " with --host: the daemon uses the S3 settings and key of its own environment");
        }
        return Optional.ofNullable(target);
    }

    /** Whether any of these options was given on the command line (the environment does not count). */
    public boolean anyGiven() {
        return target != null || s3Endpoint != null || s3Region != null || s3CredentialsFile != null || keyFile != null;
    }

    /**
     * The options (else the environment, else the defaults) resolved now, for a supervisor that will
     * not see this environment: paths made absolute, key and S3 credentials files read once to fail
     * early. An s3:// target then needs a credentials file.
     */
    public BackupPlan plan(CliContext ctx, int maxIncrementals) {
        String text = targetText(ctx);
        // The S3 environment applies only to an S3 target; a flag always counts (and is rejected for a directory).
        boolean s3 = TargetUri.parse(text) instanceof TargetUri.S3;
        String endpoint = flagOrEnv(s3Endpoint, s3, ctx, "HURDVM_S3_ENDPOINT");
        String region = flagOrEnv(s3Region, s3, ctx, "HURDVM_S3_REGION");
        String credentials = flagOrEnv(s3CredentialsFile == null ? null : s3CredentialsFile.toString(), s3, ctx, "HURDVM_S3_CREDENTIALS_FILE");
        return new BackupPlan(text, endpoint, region, absolute(credentials), keyFile(ctx).map(TargetOptions::absolute).orElse(null),
                maxIncrementals).checkedOnThisHost();
    }

    private static String flagOrEnv(String flag, boolean useEnv, CliContext ctx, String variable) {
        return flag != null ? flag : useEnv ? ctx.env().get(variable) : null;
    }

    private static String absolute(String path) {
        return path == null ? null : absolute(Path.of(path));
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private String targetText(CliContext ctx) {
        return environment(ctx).target(Optional.ofNullable(target)).toString();
    }

    private Optional<Path> keyFile(CliContext ctx) {
        return Optional.ofNullable(keyFile).or(() -> Optional.ofNullable(ctx.env().get(BackupEnvironment.KEY_FILE_VAR)).map(Path::of));
    }

    private static BackupEnvironment environment(CliContext ctx) {
        return new BackupEnvironment(ctx.home(), ctx.env());
    }
}
