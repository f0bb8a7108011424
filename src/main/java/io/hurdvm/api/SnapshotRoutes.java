package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotReport;
import io.hurdvm.storage.snapshot.SnapshotService;
import io.hurdvm.storage.snapshot.SnapshotServices;
import io.hurdvm.vm.InstanceName;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hurdvm snapshot} over HTTP: list, create, restore and delete internal snapshots of an
 * instance, through the same {@link SnapshotService} as the CLI (live through the supervisor while the
 * instance runs, qemu-img on the stopped disk otherwise). Changes answer when they are done.
 */
public final class SnapshotRoutes implements RouteModule {
    /** As the CLI's default --timeout: a live save writes all guest RAM with the guest paused. */
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final String BASE = "/v1/instances/{name}/snapshots";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRoutes.class);

    /** What a change did: {@code mode} is {@code live} (QEMU, disk and memory) or {@code offline} (qemu-img, disk). */
    public record Done(String instance, SnapshotService.Mode mode, SnapshotReport.Row snapshot) {
    }

    public record Restored(String instance, SnapshotService.Mode mode, boolean memoryRestored, SnapshotReport.Row snapshot) {
    }

    public record Deleted(String instance, SnapshotService.Mode mode, String deleted) {
    }

    @Override
    public void register(ApiRoutes routes, ApiContext api) {
        routes.get(BASE, ctx -> list(api, ctx));
        routes.post(BASE, ctx -> create(api, ctx));
        routes.post(BASE + "/{snap}/restore", ctx -> restore(api, ctx));
        routes.delete(BASE + "/{snap}", ctx -> delete(api, ctx));
    }

    @Override
    public ObjectNode openApiPaths() {
        return OpenApiDocument.loadYaml("/openapi-snapshots.yaml");
    }

    private static void list(ApiContext api, Context ctx) {
        InstanceName name = api.existing(ctx.pathParam("name"));
        var listing = service(api, name).list();
        ctx.json(SnapshotReport.of(name.value(), api.service().isRunning(name), listing));
    }

    private static void create(ApiContext api, Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        String raw = BodyFields.of(api.bodies().object(ctx), List.of("name")).requiredText("name", "before-upgrade");
        SnapshotName snap = SnapshotName.userChosen(raw);
        var made = api.locks().exclusively(name, () -> service(api, name).create(snap));
        ctx.status(201).json(new Done(name.value(), made.mode(), SnapshotReport.Row.of(made.snapshot())));
    }

    private static void restore(ApiContext api, Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        SnapshotName snap = SnapshotName.of(ctx.pathParam("snap"));
        boolean confirm = BodyFields.of(api.bodies().object(ctx), List.of("confirm")).bool("confirm", false);
        var done = api.locks().exclusively(name, () -> {
            SnapshotService snapshots = service(api, name);
            // Checked first: nobody should be asked to confirm a restore of a snapshot that is not there.
            snapshots.list().require(snap, name.value());
            if (!confirm && api.service().isRunning(name)) {
                throw ApiException.conflict("instance " + name + " is running: restoring '" + snap + "' discards its current"
                        + " memory and disk state; send {\"confirm\": true} to restore anyway (the CLI's --yes)");
            }
            return snapshots.restore(snap);
        });
        ctx.json(new Restored(name.value(), done.mode(), done.memoryRestored(), SnapshotReport.Row.of(done.snapshot())));
    }

    private static void delete(ApiContext api, Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        SnapshotName snap = SnapshotName.of(ctx.pathParam("snap"));
        var mode = api.locks().exclusively(name, () -> service(api, name).delete(snap));
        ctx.json(new Deleted(name.value(), mode, snap.value()));
    }

    private static SnapshotService service(ApiContext api, InstanceName name) {
        return SnapshotServices.forInstance(api.service().store().paths(name), JOB_TIMEOUT);
    }
}
