package io.hurdvm.cli.backup;

import io.hurdvm.cli.CliContext;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.storage.target.BackupTarget;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where backups go and how to reach and decrypt them; shared by every {@code backup} subcommand. */
final class TargetOptions {
    @Option(names = "--target", paramLabel = "URI", description = {"file:///dir or s3://bucket/prefix.",
            "Default: $HURDVM_BACKUP_TARGET, else file://$HURDVM_HOME/backups."})
    String target;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (env HURDVM_S3_ENDPOINT); implies path-style addressing.")
    String s3Endpoint;

    @Option(names = "--s3-region", description = "S3 region (env HURDVM_S3_REGION; default us-east-1).")
    String s3Region;

    @Option(names = "--s3-credentials-file", paramLabel = "FILE", description = {"File with access_key_id=... and secret_access_key=... lines",
            "(env HURDVM_S3_CREDENTIALS_FILE; else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)."})
    Path s3CredentialsFile;

    @Option(names = "--key-file", paramLabel = "FILE", description = {"32-byte key for AES-256-GCM encryption at rest (env HURDVM_BACKUP_KEY_FILE).",
            "Make one: head -c32 /dev/urandom > key; chmod 600 key"})
    Path keyFile;

    BackupTarget open(CliContext ctx) {
        BackupEnvironment environment = environment(ctx);
        return environment.open(environment.target(Optional.ofNullable(target)), Optional.ofNullable(s3Endpoint),
                Optional.ofNullable(s3Region), Optional.ofNullable(s3CredentialsFile));
    }

    Optional<BackupKey> key(CliContext ctx) {
        return environment(ctx).key(Optional.ofNullable(keyFile));
    }

    private static BackupEnvironment environment(CliContext ctx) {
        return new BackupEnvironment(ctx.home(), ctx.env());
    }
}
