package io.hurdvm.cli.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.storage.schedule.BackupPlan;
import io.hurdvm.storage.schedule.CopyTarget;
import io.hurdvm.storage.schedule.DrillPlan;
import io.hurdvm.storage.target.TargetUri;
import io.hurdvm.storage.target.BackupTarget;
import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * S3 settings given on the command line for one more target than {@code --target} (the other side of a
     * copy or comparison); what they leave open comes from the environment, as for {@code --target}.
     */
    public record S3Flags(String endpoint, String region, Path credentialsFile) {
        public static final S3Flags NONE = new S3Flags(null, null, null);
    }

    /** Opens {@code uri} (resolved like {@code --target}: an absolute path or a URI) with {@code s3}. */
    public static BackupTarget open(CliContext ctx, String uri, S3Flags s3) {
        BackupEnvironment environment = environment(ctx);
        return environment.open(environment.target(Optional.of(uri)), Optional.ofNullable(s3.endpoint()), Optional.ofNullable(s3.region()),
                Optional.ofNullable(s3.credentialsFile()));
    }

    BackupTarget open(CliContext ctx) {
        BackupEnvironment environment = environment(ctx);
        return environment.open(environment.target(Optional.ofNullable(target)), Optional.ofNullable(s3Endpoint),
                Optional.ofNullable(s3Region), Optional.ofNullable(s3CredentialsFile));
    }

    /** The target {@code --target} (else the environment, else the default) names, as a URI. */
    String targetUri(CliContext ctx) {
        return targetText(ctx);
    }

    public Optional<BackupKey> key(CliContext ctx) {
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

    /** Whether {@code --target} was given on the command line. */
    public boolean anyGivenTarget() {
        return target != null;
    }

    /** Whether {@code --key-file} was given on the command line. */
    boolean keyGiven() {
        return keyFile != null;
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
        Resolved r = resolve(ctx, targetText(ctx), new S3Flags(s3Endpoint, s3Region, s3CredentialsFile));
        return new BackupPlan(r.target(), r.endpoint(), r.region(), r.credentials(), keyFileText(ctx), maxIncrementals).checkedOnThisHost();
    }

    /**
     * As {@link #plan}, for a drill: its target is {@code from} (else {@code --target}, the environment, the
     * default), and S3 settings and key are resolved the same way.
     */
    public DrillPlan drillPlan(CliContext ctx, String from, String check, Duration bootTimeout, Duration checkTimeout) {
        String text = from == null ? targetText(ctx) : environment(ctx).target(Optional.of(from)).toString();
        Resolved r = resolve(ctx, text, new S3Flags(s3Endpoint, s3Region, s3CredentialsFile));
        return new DrillPlan(r.target(), r.endpoint(), r.region(), r.credentials(), keyFileText(ctx), check, bootTimeout.toSeconds(),
                checkTimeout.toSeconds()).checkedOnThisHost();
    }

    /** A backup schedule's {@code --copy-to} place, its S3 settings from {@code flags}, else the environment. */
    public static CopyTarget copyTarget(CliContext ctx, String uri, S3Flags flags) {
        Resolved r = resolve(ctx, environment(ctx).target(Optional.of(uri)).toString(), flags);
        return new CopyTarget(r.target(), r.endpoint(), r.region(), r.credentials());
    }

    private record Resolved(String target, String endpoint, String region, String credentials) {
    }

    private static Resolved resolve(CliContext ctx, String target, S3Flags flags) {
        // The S3 environment applies only to an S3 target; a flag always counts (and is rejected for a directory).
        boolean s3 = TargetUri.parse(target) instanceof TargetUri.S3;
        String endpoint = flagOrEnv(flags.endpoint(), s3, ctx, "HURDVM_S3_ENDPOINT");
        String region = flagOrEnv(flags.region(), s3, ctx, "HURDVM_S3_REGION");
        String credentials = flagOrEnv(flags.credentialsFile() == null ? null : flags.credentialsFile().toString(), s3, ctx,
                "HURDVM_S3_CREDENTIALS_FILE");
        return new Resolved(target, endpoint, region, absolute(credentials));
    }

    private String keyFileText(CliContext ctx) {
        return keyFile(ctx).map(TargetOptions::absolute).orElse(null);
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
