package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.storage.backup.BackupOptions;
import io.hurdvm.storage.schedule.BackupPlan;
import io.hurdvm.storage.schedule.DrillPlan;
import io.hurdvm.storage.schedule.Retention;
import io.hurdvm.storage.schedule.ScheduleEntry;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.storage.schedule.ScheduleStatus;
import io.hurdvm.storage.schedule.ScheduleStore;
import io.hurdvm.vm.InstanceName;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code hurdvm schedule} over HTTP: the cron schedules (with retention) an instance's supervisor
 * runs, kept in the same {@code schedules.json} the CLI edits. Cron times are in the host's time zone.
 * A backup schedule names its target and the files (on this host) with its S3 credentials and key.
 */
public final class ScheduleRoutes implements RouteModule {
    private static final String BASE = "/v1/instances/{name}/schedules";
    /** A backup schedule's plan: file paths on this host, never credentials themselves. */
    private static final List<String> BACKUP_KEYS = List.of("target", "s3Endpoint", "s3Region", "s3CredentialsFile", "keyFile", "maxIncrementals");
    /** A drill's plan: where it restores from and its check; the S3 and key fields are shared with a backup plan. */
    private static final List<String> DRILL_KEYS = List.of("from", "check");
    private static final List<String> RETENTION_KEYS = List.of("keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly");
    private static final List<String> KEYS = Stream.of(List.of("id", "cron", "kind"), RETENTION_KEYS, BACKUP_KEYS, DRILL_KEYS)
            .flatMap(List::stream).toList();

    /** The list: the rows are those of {@code hurdvm schedule list -o json}. */
    record Listing(String instance, boolean running, List<ScheduleStatus> schedules) {
    }

    record Removed(String instance, String removed) {
    }

    @Override
    public void register(ApiRoutes routes, ApiContext api) {
        routes.get(BASE, ctx -> list(api, ctx));
        routes.post(BASE, ctx -> add(api, ctx));
        routes.delete(BASE + "/{id}", ctx -> remove(api, ctx));
    }

    @Override
    public ObjectNode openApiPaths() {
        return OpenApiDocument.loadYaml("/openapi-schedules.yaml");
    }

    private static void list(ApiContext api, Context ctx) {
        InstanceName name = api.existing(ctx.pathParam("name"));
        Instant now = Instant.now();
        List<ScheduleStatus> rows = store(api, name).load().stream().map(e -> ScheduleStatus.of(e, now, ZoneId.systemDefault())).toList();
        ctx.json(new Listing(name.value(), api.service().isRunning(name), rows));
    }

    private static void add(ApiContext api, Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        ObjectNode body = api.bodies().object(ctx);
        ScheduleEntry entry = parse(BodyFields.of(body, KEYS), body, Instant.now());
        api.locks().exclusively(name, () -> {
            ScheduleStore store = store(api, name);
            if (store.find(entry.id()).isPresent()) {
                throw ApiException.conflict("instance " + name + " already has a schedule '" + entry.id()
                        + "': delete it first (DELETE " + BASE.replace("{name}", name.value()) + "/" + entry.id() + ") or choose another id");
            }
            store.add(entry);
            return null;
        });
        ctx.status(201).json(ScheduleStatus.of(entry, Instant.now(), ZoneId.systemDefault()));
    }

    private static void remove(ApiContext api, Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        String id = ctx.pathParam("id");
        boolean removed = api.locks().exclusively(name, () -> store(api, name).remove(id));
        if (!removed) {
            throw ApiException.notFound("instance " + name + " has no schedule '" + id + "' (see GET " + BASE.replace("{name}", name.value()) + ")");
        }
        ctx.json(new Removed(name.value(), id));
    }

    /** Checked in full before anything is written; the id and cron rules are ScheduleEntry's, as for the CLI. */
    private static ScheduleEntry parse(BodyFields body, ObjectNode raw, Instant now) {
        String id = body.requiredText("id", "hourly");
        String cron = body.requiredText("cron", "0 * * * *");
        ScheduleKind kind = body.optionalText("kind", "snapshot").map(ScheduleRoutes::kind).orElse(ScheduleKind.SNAPSHOT);
        Retention retention = new Retention(body.count("keepLast"), body.count("keepHourly"), body.count("keepDaily"),
                body.count("keepWeekly"), body.count("keepMonthly"));
        if (kind == ScheduleKind.DRILL) {
            return ScheduleEntry.drill(id, cron, drillPlan(body, raw), now);
        }
        DRILL_KEYS.stream().filter(raw::has).findFirst().ifPresent(k -> {
            throw ApiException.badRequest("'" + k + "' is only for \"kind\": \"drill\"");
        });
        return ScheduleEntry.create(id, cron, kind, retention, plan(body, raw, kind), now);
    }

    /** As {@code schedule add --kind drill}: restores from "from" (required here), checked now on this host. */
    private static DrillPlan drillPlan(BodyFields body, ObjectNode raw) {
        Stream.concat(RETENTION_KEYS.stream(), Stream.of("target", "maxIncrementals")).filter(raw::has).findFirst().ifPresent(k -> {
            throw ApiException.badRequest("'" + k + "' is not for a drill schedule: a drill keeps nothing and restores from \"from\"");
        });
        return new DrillPlan(body.requiredText("from", "s3://bucket/vms"), text(body, "s3Endpoint", "http://127.0.0.1:9000"),
                text(body, "s3Region", "us-east-1"), text(body, "s3CredentialsFile", "/etc/hurdvm/s3-credentials"),
                text(body, "keyFile", "/etc/hurdvm/backup.key"), text(body, "check", "systemctl is-active nginx"),
                DrillPlan.DEFAULT_BOOT_TIMEOUT.toSeconds(), DrillPlan.DEFAULT_CHECK_TIMEOUT.toSeconds()).checkedOnThisHost();
    }

    /** As {@code schedule add}: the files are read now, on this host, so a bad path fails here and not at the first run. */
    private static BackupPlan plan(BodyFields body, ObjectNode raw, ScheduleKind kind) {
        if (kind == ScheduleKind.SNAPSHOT) {
            BACKUP_KEYS.stream().filter(raw::has).findFirst().ifPresent(k -> {
                throw ApiException.badRequest("'" + k + "' is only for \"kind\": \"backup\", not for a snapshot schedule");
            });
            return null;
        }
        String target = body.requiredText("target", "s3://bucket/vms");
        int maxIncrementals = raw.has("maxIncrementals") ? body.count("maxIncrementals") : BackupOptions.DEFAULT_MAX_INCREMENTALS;
        return new BackupPlan(target, text(body, "s3Endpoint", "http://127.0.0.1:9000"), text(body, "s3Region", "us-east-1"),
                text(body, "s3CredentialsFile", "/etc/hurdvm/s3-credentials"), text(body, "keyFile", "/etc/hurdvm/backup.key"),
                maxIncrementals).checkedOnThisHost();
    }

    private static String text(BodyFields body, String key, String example) {
        return body.optionalText(key, example).orElse(null);
    }

    private static ScheduleKind kind(String raw) {
        return Arrays.stream(ScheduleKind.values()).filter(k -> k.cliName().equals(raw)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("'kind' must be one of " + Arrays.stream(ScheduleKind.values())
                        .map(ScheduleKind::cliName).collect(Collectors.joining(", ")) + ", got '" + raw + "'"));
    }

    private static ScheduleStore store(ApiContext api, InstanceName name) {
        return ScheduleStore.of(api.service().store().paths(name));
    }
}
