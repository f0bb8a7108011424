package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.storage.schedule.BackupPlan;
import io.hurdvm.storage.schedule.Retention;
import io.hurdvm.storage.schedule.ScheduleEntry;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.storage.schedule.ScheduleStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schedule routes on a real server, over the same schedules.json the CLI and the supervisor use. */
class ScheduleRoutesTest {
    private static final String SCHEDULES = "/v1/instances/vm1/schedules";

    @TempDir Path home;
    private StorageApiServer server;
    private ApiTestClient client;
    private InstancePaths paths;

    @BeforeEach
    void start() throws Exception {
        server = StorageApiServer.start(home);
        client = server.client();
        paths = server.createStoppedInstance("vm1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void addListDelete_roundTrip_throughTheInstancesScheduleStore() throws Exception {
        assertThat(ApiTestClient.json(client.get(SCHEDULES, null)).path("schedules")).isEmpty();

        HttpResponse<String> added = client.postJson(SCHEDULES,
                "{\"id\": \"hourly\", \"cron\": \"0 * * * *\", \"keepLast\": 24, \"keepDaily\": 7}", null);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode row = ApiTestClient.json(added);
        assertThat(row.path("id").asText()).isEqualTo("hourly");
        assertThat(row.path("kind").asText()).as("the default, as in the CLI").isEqualTo("snapshot");
        assertThat(row.path("retention").path("keepLast").asInt()).isEqualTo(24);
        assertThat(row.path("retention").path("keepDaily").asInt()).isEqualTo(7);
        assertThat(row.path("nextRun").isTextual()).isTrue();
        assertThat(row.path("due").asBoolean()).isFalse();
        assertThat(ScheduleStore.of(paths).find("hourly")).hasValueSatisfying(e -> {
            assertThat(e.cron()).isEqualTo("0 * * * *");
            assertThat(e.retention()).isEqualTo(new Retention(24, 0, 7, 0, 0));
        });

        JsonNode listed = ApiTestClient.json(client.get(SCHEDULES, null));
        assertThat(listed.path("instance").asText()).isEqualTo("vm1");
        assertThat(listed.path("running").asBoolean()).isFalse();
        assertThat(listed.path("schedules").findValuesAsText("id")).containsExactly("hourly");

        HttpResponse<String> removed = client.delete(SCHEDULES + "/hourly");
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(ApiTestClient.json(removed).path("removed").asText()).isEqualTo("hourly");
        assertThat(ApiTestClient.json(client.get(SCHEDULES, null)).path("schedules")).isEmpty();
        assertThat(ScheduleStore.of(paths).load()).isEmpty();
    }

    @Test
    void list_showsSchedulesTheCliAdded() throws Exception {
        ScheduleStore.of(paths).add(ScheduleEntry.create("nightly", "30 2 * * *", ScheduleKind.BACKUP, Retention.keepLast(3),
                new BackupPlan("s3://bucket/vms", null, null, "/etc/hurdvm/s3", null, 2), java.time.Instant.now()));
        JsonNode row = ApiTestClient.json(client.get(SCHEDULES, null)).path("schedules").get(0);
        assertThat(row.path("kind").asText()).isEqualTo("backup");
        assertThat(row.path("backup").path("target").asText()).isEqualTo("s3://bucket/vms");
        assertThat(row.path("backup").path("s3CredentialsFile").asText()).isEqualTo("/etc/hurdvm/s3");
        assertThat(row.path("backup").path("maxIncrementals").asInt()).isEqualTo(2);
        assertThat(row.path("cron").asText()).isEqualTo("30 2 * * *");
        assertThat(row.path("lastRun").isNull()).isTrue();
    }

    @Test
    void add_withAnIdInUse_gets409_andKeepsTheFirst() throws Exception {
        assertThat(client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"0 * * * *\"}", null).statusCode()).isEqualTo(201);
        HttpResponse<String> again = client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"5 * * * *\"}", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(ApiTestClient.error(again)).contains("already has a schedule 'h'");
        assertThat(ScheduleStore.of(paths).find("h").orElseThrow().cron()).isEqualTo("0 * * * *");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"cron\": \"0 * * * *\"}",
            "{\"id\": \"h\"}",
            "{\"id\": \"Hourly!\", \"cron\": \"0 * * * *\"}",
            "{\"id\": \"h\", \"cron\": \"61 * * * *\"}",
            "{\"id\": \"h\", \"cron\": \"0 * * *\"}",
            "{\"id\": \"h\", \"cron\": 5}",
            "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"kind\": \"tape\"}",
            "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"keepLast\": -1}",
            "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"keepLast\": 1.5}",
            "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"keepLast\": \"3\"}",
            "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"keep_last\": 3}"})
    void add_withAnInvalidBody_gets400_andWritesNothing(String body) throws Exception {
        HttpResponse<String> r = client.postJson(SCHEDULES, body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiTestClient.error(r)).isNotBlank();
        assertThat(ScheduleStore.of(paths).file()).doesNotExist();
    }

    @Test
    void add_errorsNameTheRule() throws Exception {
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"61 * * * *\"}", null)))
                .contains("minute field '61'");
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"kind\": \"tape\"}", null)))
                .isEqualTo("'kind' must be one of snapshot, backup, drill, got 'tape'");
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"keepLast\": -1}", null)))
                .contains("'keepLast' must be a whole number, 0 or more");
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"0 * * * *\", \"keep_last\": 3}", null)))
                .startsWith("unknown key 'keep_last'; known keys: id, cron, kind, keepLast");
    }

    @Test
    void addBackupSchedule_storesThePlanWithFilePathsOnly() throws Exception {
        Path creds = home.resolve("s3-credentials");
        java.nio.file.Files.writeString(creds, "access_key_id=AK\nsecret_access_key=TOPSECRET\n");
        HttpResponse<String> added = client.postJson(SCHEDULES, "{\"id\": \"nightly\", \"cron\": \"0 2 * * *\", \"kind\": \"backup\","
                + " \"target\": \"s3://bucket/vms\", \"s3Endpoint\": \"http://127.0.0.1:9000\", \"s3CredentialsFile\": \"" + creds
                + "\", \"keepDaily\": 7}", null);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode plan = ApiTestClient.json(added).path("backup");
        assertThat(plan.path("target").asText()).isEqualTo("s3://bucket/vms");
        assertThat(plan.path("s3CredentialsFile").asText()).isEqualTo(creds.toString());
        assertThat(plan.path("maxIncrementals").asInt()).as("backup create's default").isEqualTo(7);
        assertThat(added.body()).doesNotContain("TOPSECRET");
        assertThat(java.nio.file.Files.readString(ScheduleStore.of(paths).file())).doesNotContain("TOPSECRET");
        assertThat(ScheduleStore.of(paths).find("nightly").orElseThrow().backup())
                .isEqualTo(new BackupPlan("s3://bucket/vms", "http://127.0.0.1:9000", null, creds.toString(), null, 7));
    }

    @Test
    void addDrillSchedule_storesItsPlan_andRefusesWhatIsNotForADrill() throws Exception {
        String base = "{\"id\": \"drill\", \"cron\": \"0 4 * * 0\", \"kind\": \"drill\", ";
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, base + "\"from\": \"file:///b\", \"keepLast\": 2}", null)))
                .isEqualTo("'keepLast' is not for a drill schedule: a drill keeps nothing and restores from \"from\"");
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, base + "\"check\": \"true\"}", null))).startsWith("'from' is required");
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, "{\"id\": \"s\", \"cron\": \"0 4 * * 0\", \"check\": \"true\"}", null)))
                .isEqualTo("'check' is only for \"kind\": \"drill\"");
        assertThat(ScheduleStore.of(paths).file()).doesNotExist();

        HttpResponse<String> added = client.postJson(SCHEDULES, base + "\"from\": \"file:///b\", \"check\": \"systemctl is-active nginx\"}", null);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode drill = ApiTestClient.json(added).path("drill");
        assertThat(drill.path("from").asText()).isEqualTo("file:///b");
        assertThat(drill.path("check").asText()).isEqualTo("systemctl is-active nginx");
        assertThat(ApiTestClient.json(added).path("backup").isNull()).isTrue();
        assertThat(ScheduleStore.of(paths).find("drill").orElseThrow().kind()).isEqualTo(io.hurdvm.storage.schedule.ScheduleKind.DRILL);
    }

    @Test
    void addBackupSchedule_errorsNameTheRule_andWriteNothing() throws Exception {
        String base = "{\"id\": \"b\", \"cron\": \"0 2 * * *\", ";
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, base + "\"kind\": \"backup\"}", null)))
                .startsWith("'target' is required");
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, base + "\"kind\": \"backup\", \"target\": \"s3://bucket/x\"}", null)))
                .startsWith("a scheduled S3 backup needs --s3-credentials-file");
        assertThat(ApiTestClient.error(client.postJson(SCHEDULES, base + "\"kind\": \"backup\", \"target\": \"file:///b\","
                + " \"keyFile\": \"/nonexistent/key\"}", null))).startsWith("cannot read backup key file /nonexistent/key");
        HttpResponse<String> snapshotWithTarget = client.postJson(SCHEDULES, base + "\"target\": \"file:///b\"}", null);
        assertThat(snapshotWithTarget.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.error(snapshotWithTarget)).isEqualTo("'target' is only for \"kind\": \"backup\", not for a snapshot schedule");
        assertThat(ScheduleStore.of(paths).file()).doesNotExist();
    }

    @Test
    void unknownScheduleOrInstance_gets404() throws Exception {
        HttpResponse<String> r = client.delete(SCHEDULES + "/ghost");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ApiTestClient.error(r)).contains("no schedule 'ghost'");
        assertThat(client.get("/v1/instances/ghost/schedules", null).statusCode()).isEqualTo(404);
        assertThat(client.postJson("/v1/instances/ghost/schedules", "{\"id\": \"h\", \"cron\": \"0 * * * *\"}", null).statusCode())
                .isEqualTo(404);
        assertThat(client.delete("/v1/instances/ghost/schedules/h").statusCode()).isEqualTo(404);
    }

    @Test
    void withAToken_everyScheduleRouteNeedsIt() throws Exception {
        server.close();
        server = StorageApiServer.startWithToken(home);
        client = server.client();
        assertThat(client.get(SCHEDULES, null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"0 * * * *\"}", null).statusCode()).isEqualTo(401);
        assertThat(client.delete(SCHEDULES + "/h").statusCode()).isEqualTo(401);
        assertThat(ScheduleStore.of(paths).file()).doesNotExist();
        assertThat(client.postJson(SCHEDULES, "{\"id\": \"h\", \"cron\": \"0 * * * *\"}", StorageApiServer.TOKEN).statusCode())
                .isEqualTo(201);
        assertThat(client.get(SCHEDULES, StorageApiServer.TOKEN).statusCode()).isEqualTo(200);
    }
}
