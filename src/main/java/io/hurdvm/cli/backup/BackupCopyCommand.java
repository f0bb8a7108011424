package io.hurdvm.cli.backup;

import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.CliException;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.config.SizeParser;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.backup.BackupCopier;
import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.storage.backup.CopyRequest;
import io.hurdvm.storage.backup.CopyResult;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "copy", description = {
        "Copy an instance's backups to a second place (directory, S3, S3 at another endpoint), each with its whole chain, parents first.",
        "Nothing restore would refuse is copied: with --key-file every manifest must authenticate and every encryption tag check out"
                + " before a file is sent. Each file is checked against its manifest when read and again when read back from the destination;"
                + " the manifest goes up last.",
        "A second run copies nothing; an interrupted one resumes at the file it was in. Without BACKUP_ID, --latest or --all, every"
                + " backup is copied."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup copy web --from file:///srv/backups --to s3://offsite/vms --to-s3-credentials-file /etc/hurdvm/s3 --latest",
                "  hurdvm backup copy web --from s3://a/vms --from-s3-endpoint http://10.0.0.5:9000 --to s3://b/vms --to-s3-endpoint https://s3.eu"})
final class BackupCopyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance the backups were taken of.") String name;
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "BACKUP_ID", description = "Backups to copy (with their chains), or 'latest'.")
    List<String> ids;
    @Option(names = "--from", required = true, paramLabel = "URI", description = "Where the backups are: file:///dir or s3://bucket/prefix.") String from;
    @Option(names = "--to", required = true, paramLabel = "URI", description = "Where they go: file:///dir (must exist) or s3://bucket/prefix.") String to;
    @Option(names = "--latest", description = "Copy the newest backup (and its chain).") boolean latest;
    @Option(names = "--all", description = "Copy every backup (the default).") boolean all;
    @Option(names = "--from-s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint of --from (else HURDVM_S3_ENDPOINT).") String fromEndpoint;
    @Option(names = "--from-s3-region", description = "S3 region of --from.") String fromRegion;
    @Option(names = "--from-s3-credentials-file", paramLabel = "FILE", description = "S3 credentials of --from (else HURDVM_S3_CREDENTIALS_FILE or AWS_*).") Path fromCredentials;
    @Option(names = "--to-s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint of --to (else HURDVM_S3_ENDPOINT).") String toEndpoint;
    @Option(names = "--to-s3-region", description = "S3 region of --to.") String toRegion;
    @Option(names = "--to-s3-credentials-file", paramLabel = "FILE", description = "S3 credentials of --to (else HURDVM_S3_CREDENTIALS_FILE or AWS_*).") Path toCredentials;
    @Option(names = "--key-file", paramLabel = "FILE", description = "The backup key (env HURDVM_BACKUP_KEY_FILE): every manifest must"
            + " authenticate with it and every encryption tag check out before a file is sent. Without it only hashes are checked.") Path keyFile;
    @Option(names = "--allow-unencrypted", description = "Without a key: copy unencrypted backups although either target holds encrypted"
            + " ones of this instance (only if you made them yourself).") boolean allowUnencrypted;
    @Option(names = "--speed", paramLabel = "RATE", description = "Limit the upload rate, e.g. 10M (bytes per second), to spare the uplink.") String speed;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String instance = InstanceName.of(name).value();
        List<String> wanted = wanted();
        CliContext ctx = CliContext.of(spec);
        BackupEnvironment environment = new BackupEnvironment(ctx.home(), ctx.env());
        // The same URI at two endpoints is two sites (a bucket of the same name at another provider), not one target.
        if (environment.target(Optional.of(from)).equals(environment.target(Optional.of(to))) && java.util.Objects.equals(fromEndpoint, toEndpoint)) {
            throw new CliException(ErrorKind.BAD_INPUT, "--from and --to are the same target (" + environment.target(Optional.of(to))
                    + "): copy to another directory, bucket, prefix or endpoint");
        }
        CopyRequest request = new CopyRequest(instance, wanted, environment.key(Optional.ofNullable(keyFile)),
                allowUnencrypted, speed == null ? 0 : SizeParser.bytes("--speed", speed));
        Progress progress = Progress.compactForStderr(spec.commandLine().getErr());
        CopyResult r;
        try (BackupTarget source = TargetOptions.open(ctx, from, new TargetOptions.S3Flags(fromEndpoint, fromRegion, fromCredentials));
             BackupTarget destination = TargetOptions.open(ctx, to, new TargetOptions.S3Flags(toEndpoint, toRegion, toCredentials))) {
            r = BackupCopier.forInstance(ctx.store().paths(InstanceName.of(instance))).copy(source, destination, request, progress);
        }
        progress.finish();
        print(spec.commandLine().getOut(), r);
        return ExitCodes.OK;
    }

    private List<String> wanted() {
        int given = (ids == null || ids.isEmpty() ? 0 : 1) + (latest ? 1 : 0) + (all ? 1 : 0);
        if (given > 1) {
            throw new CliException(ErrorKind.BAD_INPUT, "give backup ids, --latest or --all, not several of them");
        }
        return latest ? List.of("latest") : ids == null ? List.of() : ids;
    }

    /** {@code --output json}: what was copied, what was there already, and the transfer. */
    record Copied(String instance, String from, String to, List<String> copied, List<String> alreadyThere, int filesSent, int filesReused,
                  boolean authenticated, BackupReplies.Transfer transfer) {
    }

    private void print(PrintWriter out, CopyResult r) {
        if (output.structured()) {
            output.print(out, new Copied(name, r.from(), r.to(), r.copied(), r.alreadyThere(), r.filesSent(), r.filesReused(),
                    r.authenticated(), BackupReplies.Transfer.of(r.summary())));
        } else {
            r.copied().forEach(id -> out.println("copied " + id));
            out.println("backup copy of " + name + " to " + r.to() + ": " + r.copied().size() + " copied, " + r.alreadyThere().size()
                    + " already there; " + r.filesSent() + " file(s) sent" + (r.filesReused() == 0 ? "" : ", " + r.filesReused()
                    + " kept from an interrupted copy"));
            out.println(r.authenticated() ? "every manifest authenticated with the key, every encryption tag checked"
                    : "no key: manifests not authenticated, sizes and SHA-256 checked");
            out.println(r.summary().describe());
        }
        out.flush();
    }
}
