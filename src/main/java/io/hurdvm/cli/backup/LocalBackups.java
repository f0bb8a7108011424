package io.hurdvm.cli.backup;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.VersionProvider;
import io.hurdvm.config.SizeParser;
import io.hurdvm.control.ControlQmpExecutor;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.progress.Progress;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.storage.backup.BackupCatalog;
import io.hurdvm.storage.backup.BackupComparison;
import io.hurdvm.storage.backup.BackupId;
import io.hurdvm.storage.backup.BackupImages;
import io.hurdvm.storage.backup.BackupListItem;
import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.storage.backup.BackupOptions;
import io.hurdvm.storage.backup.BackupPruner;
import io.hurdvm.storage.backup.BackupResult;
import io.hurdvm.storage.backup.BackupService;
import io.hurdvm.storage.backup.BackupVerifier;
import io.hurdvm.storage.backup.RestoreRequest;
import io.hurdvm.storage.backup.RestoreService;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** Backups of this host's instances, to the target the options name, with progress on stderr. */
final class LocalBackups implements Backups {
    private final HostEnvironment env;
    private final TargetOptions targetOptions;
    private final PrintWriter progressOut;

    LocalBackups(HostEnvironment env, TargetOptions targetOptions, PrintWriter progressOut) {
        this.env = env;
        this.targetOptions = targetOptions;
        this.progressOut = progressOut;
    }

    @Override
    public BackupReplies.Created create(String instance, CreateOptions o) {
        CliContext ctx = CliContext.of(env);
        InstancePaths paths = ctx.store().paths(ctx.existing(instance));
        Optional<QmpExecutor> qmp = SupervisorLiveness.liveSupervisor(paths).map(h -> new ControlQmpExecutor(paths.controlSocket()));
        BackupOptions options = new BackupOptions(targetOptions.key(ctx), o.full(), o.maxIncrementals(),
                o.speed() == null ? 0 : SizeParser.bytes("--speed", o.speed()), o.copyTimeout(), Optional.empty());
        Progress progress = Progress.compactForStderr(progressOut);
        try (BackupTarget target = targetOptions.open(ctx)) {
            BackupResult r = new BackupService(paths, qmp, new BackupImages(), VersionProvider.version()).create(target, options, progress);
            progress.finish();
            return new BackupReplies.Created(instance, target.uri(), qmp.isPresent() ? "online" : "offline", r.kindReason(),
                    r.leftoversRemoved(), r.manifest(), BackupReplies.Transfer.of(r.summary()));
        }
    }

    @Override
    public BackupReplies.Listing list(String instance) {
        try (BackupTarget target = targetOptions.open(CliContext.of(env))) {
            return new BackupReplies.Listing(instance, target.uri(),
                    new BackupCatalog(target, instance).backups().stream().map(BackupListItem::of).toList());
        }
    }

    @Override
    public BackupComparison compare(String instance, String otherUri, TargetOptions.S3Flags otherFlags) {
        CliContext ctx = CliContext.of(env);
        try (BackupTarget target = targetOptions.open(ctx); BackupTarget other = TargetOptions.open(ctx, otherUri, otherFlags)) {
            return BackupComparison.of(instance, target.uri(), new BackupCatalog(target, instance).backups(), other.uri(),
                    new BackupCatalog(other, instance).backups());
        }
    }

    @Override
    public List<BackupReplies.Verified> verify(String instance, Optional<String> id, boolean allowUnencrypted) {
        Progress progress = Progress.compactForStderr(progressOut);
        CliContext ctx = CliContext.of(env);
        try (BackupTarget target = targetOptions.open(ctx)) {
            List<BackupVerifier.Report> reports = new BackupVerifier(target, instance).verify(id, targetOptions.key(ctx),
                    allowUnencrypted, progress);
            progress.finish();
            return reports.stream().map(r -> new BackupReplies.Verified(null, instance, target.uri(), r.id(), r.ok(), r.problems(),
                    r.bytesRead(), 0)).toList();
        }
    }

    @Override
    public BackupReplies.Pruned prune(String instance, int keepChains) {
        CliContext ctx = CliContext.of(env);
        try (BackupTarget target = targetOptions.open(ctx)) {
            BackupPruner.Result r = new BackupPruner(ctx.store().paths(InstanceName.of(instance))).prune(target, keepChains);
            return new BackupReplies.Pruned(instance, target.uri(), keepChains, r.deleted(), r.leftovers());
        }
    }

    @Override
    public BackupReplies.Restored restore(RestoreOptions o, PrintWriter notes) {
        CliContext ctx = CliContext.of(env);
        Progress progress = Progress.compactForStderr(progressOut);
        try (BackupTarget store = targetOptions.open(ctx)) {
            BackupId backupId = new BackupCatalog(store, o.source().value()).resolve(o.backupId());
            boolean existed = ctx.store().exists(o.as());
            RestoreService.RestoreResult r = new RestoreService(ctx.store(), new BackupImages()).restore(store,
                    new RestoreRequest(o.source().value(), backupId, o.as(), o.replace(), targetOptions.key(ctx), o.trustNetwork(),
                            o.allowUnencrypted()), progress);
            progress.finish();
            if (!r.networkNotTaken().isEmpty()) {
                notes.println("not taken from the backup (pass --trust-backup-network to keep): " + String.join(", ", r.networkNotTaken()));
            }
            return new BackupReplies.Restored(o.as().value(), o.source().value(), backupId.value(),
                    r.chain().stream().map(BackupManifest::id).toList(), existed, store.uri(), BackupReplies.Transfer.of(r.summary()));
        }
    }
}
