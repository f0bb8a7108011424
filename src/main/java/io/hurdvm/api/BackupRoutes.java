package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.api.BackupReplies.Created;
import io.hurdvm.api.BackupReplies.Listing;
import io.hurdvm.api.BackupReplies.Pruned;
import io.hurdvm.api.BackupReplies.Restored;
import io.hurdvm.api.BackupReplies.Transfer;
import io.hurdvm.api.BackupReplies.Verified;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.progress.Progress;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.secret.SecretFileException;
import io.hurdvm.storage.backup.BackupCatalog;
import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.storage.backup.BackupId;
import io.hurdvm.storage.backup.BackupImages;
import io.hurdvm.storage.backup.BackupKey;
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
import io.hurdvm.storage.target.TargetUri;
import io.hurdvm.control.ControlQmpExecutor;
import io.hurdvm.vm.InstanceName;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hurdvm backup} over HTTP: list, create, verify, restore and prune an instance's backups with
 * the same services as the CLI. The target is the request's URI, else the daemon's
 * {@code HURDVM_BACKUP_TARGET}, else {@code file://$HURDVM_HOME/backups}; S3 settings and the
 * encryption key come only from the daemon's environment, so a request chooses where, never with
 * which secrets. Every call answers when the work is done. Only create needs the instance to exist
 * here: backups outlive their instance, and restoring one that is gone is what they are for.
 */
public final class BackupRoutes implements RouteModule {
    /** Long operations log their steps, so an operator can follow them. */
    private static final Logger LOG = LoggerFactory.getLogger(BackupRoutes.class);
    /** As the CLI's default --timeout: QEMU's copy job of a big disk to a slow target. */
    static final Duration JOB_TIMEOUT = Duration.ofHours(6);
    private static final String BASE = "/v1/instances/{name}/backups";

    private final BackupEnvironment daemon;
    private final String hurdvmVersion;

    public BackupRoutes(BackupEnvironment daemon, String hurdvmVersion) {
        this.daemon = daemon;
        this.hurdvmVersion = hurdvmVersion;
    }

    @Override
    public void register(ApiRoutes routes, ApiContext api) {
        routes.get(BASE, ctx -> list(ctx));
        routes.post(BASE, ctx -> create(api, ctx));
        routes.post(BASE + "/prune", ctx -> prune(api, ctx));
        routes.post(BASE + "/{id}/verify", ctx -> verify(api, ctx));
        routes.post(BASE + "/{id}/restore", ctx -> restore(api, ctx));
    }

    @Override
    public ObjectNode openApiPaths() {
        return OpenApiDocument.loadYaml("/openapi-backups.yaml");
    }

    private void list(Context ctx) {
        String instance = InstanceName.of(ctx.pathParam("name")).value();
        TargetUri uri = daemon.target(Optional.ofNullable(ctx.queryParam("target")));
        try (BackupTarget target = open(uri)) {
            List<BackupListItem> items = new BackupCatalog(target, instance).backups().stream().map(BackupListItem::of).toList();
            ctx.json(new Listing(instance, target.uri(), items));
        }
    }

    private void create(ApiContext api, Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        BodyFields body = BodyFields.of(api.bodies().object(ctx), List.of("target", "full", "maxIncrementals"));
        TargetUri uri = target(body);
        BackupOptions options = new BackupOptions(key(), body.bool("full", false),
                body.optionalCount("maxIncrementals", "0 = every backup is full").orElse(BackupOptions.DEFAULT_MAX_INCREMENTALS),
                0, JOB_TIMEOUT, Optional.empty());
        Created created = api.locks().exclusively(name, () -> {
            InstancePaths paths = api.service().store().paths(name);
            // The supervisor owns QEMU's only QMP connection: a running VM is reached through its control socket.
            Optional<QmpExecutor> qmp = SupervisorLiveness.liveSupervisor(paths).map(h -> new ControlQmpExecutor(paths.controlSocket()));
            try (BackupTarget target = open(uri)) {
                BackupResult r = new BackupService(paths, qmp, new BackupImages(), hurdvmVersion)
                        .create(target, options, Progress.logged(LOG, "backup of " + name));
                return new Created(name.value(), target.uri(), qmp.isPresent() ? "online" : "offline", r.kindReason(),
                        r.leftoversRemoved(), r.manifest(), Transfer.of(r.summary()));
            }
        });
        ctx.status(201).json(created);
    }

    private void verify(ApiContext api, Context ctx) {
        String instance = InstanceName.of(ctx.pathParam("name")).value();
        String rawId = ctx.pathParam("id");
        TargetUri uri = target(BodyFields.of(api.bodies().object(ctx), List.of("target")));
        Instant start = Instant.now();
        try (BackupTarget target = open(uri)) {
            BackupVerifier.Report report = new BackupVerifier(target, instance)
                    .verify(Optional.of(rawId), key(), false, Progress.logged(LOG, "verify of " + instance)).getFirst();
            String error = report.ok() ? null
                    : "backup " + report.id() + " of " + instance + " is damaged: " + String.join("; ", report.problems());
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            ctx.status(report.ok() ? 200 : 422).json(new Verified(error, instance, target.uri(), report.id(), report.ok(),
                    report.problems(), report.bytesRead(), seconds));
        }
    }

    private void restore(ApiContext api, Context ctx) throws Exception {
        InstanceName source = InstanceName.of(ctx.pathParam("name"));
        String rawId = ctx.pathParam("id");
        BodyFields body = BodyFields.of(api.bodies().object(ctx), List.of("as", "replace", "target"));
        InstanceName as = InstanceName.of(body.requiredText("as", source + "-restored"));
        boolean replace = body.bool("replace", false);
        TargetUri uri = target(body);
        Optional<BackupKey> key = key();
        Restored restored = api.locks().exclusively(as, () -> {
            boolean exists = api.service().store().exists(as);
            if (exists && !replace) {
                throw ApiException.conflict("instance " + as + " already exists: choose another \"as\", or send {\"replace\": true}"
                        + " to overwrite it (it must be stopped)");
            }
            if (exists && api.service().isRunning(as)) {
                throw ApiException.conflict("instance " + as + " is running: stop it (POST /v1/instances/" + as + "/down) before replacing it");
            }
            try (BackupTarget target = open(uri)) {
                BackupId id = new BackupCatalog(target, source.value()).resolve(rawId);
                // Over HTTP the backup's network settings are never taken: a request must not widen exposure.
                RestoreService.RestoreResult r = new RestoreService(api.service().store(), new BackupImages()).restore(target,
                        new RestoreRequest(source.value(), id, as, replace, key, false, false),
                        Progress.logged(LOG, "restore of " + source + " as " + as));
                return new Restored(as.value(), source.value(), id.value(), r.chain().stream().map(BackupManifest::id).toList(),
                        exists, target.uri(), Transfer.of(r.summary()));
            }
        });
        ctx.status(201).json(restored);
    }

    private void prune(ApiContext api, Context ctx) throws Exception {
        InstanceName name = InstanceName.of(ctx.pathParam("name"));
        BodyFields body = BodyFields.of(api.bodies().object(ctx), List.of("keep", "target"));
        int keep = body.optionalCount("keep", "at least 1 is needed").filter(k -> k >= 1)
                .orElseThrow(() -> ApiException.badRequest("'keep' is required: how many of the newest chains (a full backup and"
                        + " its incrementals) to keep, at least 1, e.g. {\"keep\": 2}"));
        TargetUri uri = target(body);
        Pruned pruned = api.locks().exclusively(name, () -> {
            try (BackupTarget target = open(uri)) {
                BackupPruner.Result r = new BackupPruner(api.service().store().paths(name)).prune(target, keep);
                return new Pruned(name.value(), target.uri(), keep, r.deleted(), r.leftovers());
            }
        });
        ctx.json(pruned);
    }

    /** The body's {@code target}; a {@code file://} URI is a directory on the daemon's host. */
    private TargetUri target(BodyFields body) {
        return daemon.target(body.optionalText("target", "s3://bucket/prefix"));
    }

    /** S3 settings only from the daemon's environment: no flags exist over HTTP. */
    private BackupTarget open(TargetUri uri) {
        try {
            return daemon.open(uri, Optional.empty(), Optional.empty(), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("this daemon cannot open " + uri + ": " + e.getMessage()
                    + "; S3 settings come only from the environment of 'hurdvm serve' (HURDVM_S3_*, AWS_*), never from a request");
        }
    }

    private Optional<BackupKey> key() {
        try {
            return daemon.key(Optional.empty());
        } catch (SecretFileException e) {
            throw new ApiException(500, "the daemon's backup key (" + BackupEnvironment.KEY_FILE_VAR + ") is unusable: " + e.getMessage());
        }
    }
}
