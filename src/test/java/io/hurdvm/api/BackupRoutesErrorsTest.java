package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hurdvm.instance.InstancePaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the backup routes refuse and fail: each error has its status, and a refused request writes nothing. */
class BackupRoutesErrorsTest {
    private static final String BACKUPS = "/v1/instances/vm1/backups";
    private static final String SECRET = "s3cr3t-never-shown-0123456789";

    @TempDir Path home;
    private StorageApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiTestClient serve(Map<String, String> daemonEnv) {
        server = StorageApiServer.start(home, daemonEnv);
        return server.client();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[true]", "{\"full\": \"yes\"}", "{\"maxIncrementals\": -1}", "{\"maxIncrementals\": 1.5}",
            "{\"target\": 5}", "{\"fulll\": true}", "{\"keyFile\": \"/tmp/key\"}", "{\"s3CredentialsFile\": \"/tmp/c\"}",
            "{\"target\": \"ftp://host/dir\"}", "{\"target\": \"relative/dir\"}", "{\"target\": \"s3://AKID:" + SECRET + "@bucket-x/p\"}"})
    void create_withABadBody_gets400_andWritesNothingToTheTarget(String body) throws Exception {
        Path target = Files.createDirectories(home.resolve("target"));
        ApiTestClient client = serve(Map.of("HURDVM_BACKUP_TARGET", target.toUri().toString()));
        server.createStoppedInstance("vm1");
        HttpResponse<String> r = client.postJson(BACKUPS, body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiTestClient.error(r)).isNotBlank().doesNotContain(SECRET);
        assertThat(filesUnder(target)).isZero();
    }

    @Test
    void oversizedBody_gets413_andWritesNothing() throws Exception {
        Path target = Files.createDirectories(home.resolve("target"));
        ApiTestClient client = serve(Map.of("HURDVM_BACKUP_TARGET", target.toUri().toString()));
        server.createStoppedInstance("vm1");
        String huge = "{\"target\": \"" + target.toUri() + "\", \"pad\": \"" + "x".repeat(RequestBodies.DEFAULT_MAX_BYTES) + "\"}";
        assertThat(client.postJson(BACKUPS, huge, null).statusCode()).isEqualTo(413);
        assertThat(client.postJson(BACKUPS + "/prune", huge, null).statusCode()).isEqualTo(413);
        assertThat(filesUnder(target)).isZero();
    }

    @Test
    void withAToken_everyBackupRouteNeedsIt() throws Exception {
        server = StorageApiServer.startWithToken(home);
        ApiTestClient client = server.client();
        server.createStoppedInstance("vm1");
        Path defaultTarget = Files.createDirectories(home.resolve("backups"));
        assertThat(client.get(BACKUPS, null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(BACKUPS, "{}", null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(BACKUPS + "/latest/verify", "{}", null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(BACKUPS + "/latest/restore", "{\"as\": \"vm2\"}", null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(BACKUPS + "/prune", "{\"keep\": 1}", null).statusCode()).isEqualTo(401);
        assertThat(filesUnder(defaultTarget)).isZero();

        HttpResponse<String> made = client.postJson(BACKUPS, "{}", StorageApiServer.TOKEN);
        assertThat(made.statusCode()).as("default target file://$HURDVM_HOME/backups: " + made.body()).isEqualTo(201);
        assertThat(ApiTestClient.json(client.get(BACKUPS, StorageApiServer.TOKEN)).path("backups")).hasSize(1);
    }

    @Test
    void unreachableS3Target_is502_andTheMessageNeverHoldsTheDaemonsCredentials() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ApiTestClient client = serve(Map.of("HURDVM_S3_ENDPOINT", "http://127.0.0.1:" + closedPort,
                "AWS_ACCESS_KEY_ID", "AKIDTESTONLY", "AWS_SECRET_ACCESS_KEY", SECRET));
        server.createStoppedInstance("vm1");
        HttpResponse<String> listed = client.get(BACKUPS + "?target=s3://bucket-x/hv", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(502);
        assertThat(ApiTestClient.error(listed)).contains("cannot reach").doesNotContain(SECRET).doesNotContain("AKIDTESTONLY");
        HttpResponse<String> create = client.postJson(BACKUPS, "{\"target\": \"s3://bucket-x/hv\"}", null);
        assertThat(create.statusCode()).as(create.body()).isEqualTo(502);
        assertThat(create.body()).doesNotContain(SECRET);
    }

    @Test
    void s3Target_onADaemonWithoutS3Credentials_is400_sayingWhereTheyMustComeFrom() throws Exception {
        ApiTestClient client = serve(Map.of());
        HttpResponse<String> r = client.get(BACKUPS + "?target=s3://bucket-x/hv", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiTestClient.error(r)).contains("S3 credentials missing").contains("environment of 'hurdvm serve'");
    }

    @Test
    void missingTargetDirectory_is404_namingIt() throws Exception {
        ApiTestClient client = serve(Map.of());
        server.createStoppedInstance("vm1");
        Path missing = home.resolve("no-such-dir");
        HttpResponse<String> r = client.postJson(BACKUPS, "{\"target\": \"" + missing.toUri() + "\"}", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(ApiTestClient.error(r)).isEqualTo("backup directory " + missing + " does not exist: create it first"
                + " (only the default, $HURDVM_HOME/backups, is created on first use)");
        assertThat(missing).doesNotExist();
    }

    @Test
    void missingDefaultDirectory_isCreatedByTheFirstBackup_ownerOnly() throws Exception {
        ApiTestClient client = serve(Map.of());
        server.createStoppedInstance("vm1");
        assertThat(ApiTestClient.json(client.get(BACKUPS, null)).path("backups")).isEmpty();
        assertThat(home.resolve("backups")).as("listing creates nothing").doesNotExist();
        HttpResponse<String> made = client.postJson(BACKUPS, "", null);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("backups"))))
                .isEqualTo("rwx------");
        assertThat(ApiTestClient.json(client.get(BACKUPS, null)).path("backups")).hasSize(1);
    }

    /** Needs root to mount a small tmpfs as the full target (CI and this machine run as root). */
    @Test
    void fullTarget_is507_andNoBackupIsListed() throws Exception {
        Path small = Files.createDirectories(Files.createTempDirectory(Path.of("/tmp"), "hvfull"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()).inheritIO().start();
        assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0, "cannot mount a tmpfs (needs root): skipped");
        try {
            ApiTestClient client = serve(Map.of("HURDVM_BACKUP_TARGET", small.toUri().toString()));
            InstancePaths vm = server.createStoppedInstance("vm1");
            // Random data does not compress: 2 MiB of it cannot fit in 1 MiB.
            Path noise = home.resolve("noise");
            Files.write(noise, randomBytes(2 << 20));
            QemuTools.run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", noise.toString(), vm.disk().toString());
            HttpResponse<String> r = client.postJson(BACKUPS, "", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
            assertThat(ApiTestClient.error(r)).contains("the target is full").contains("prune");
            assertThat(ApiTestClient.json(client.get(BACKUPS, null)).path("backups")).isEmpty();
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(small);
        }
    }

    /** A CLI backup of the same instance holds its backup lock (a POSIX lock, taken here by a python process). */
    @Test
    void backupWhileAnotherProcessBacksUpTheInstance_is409_andWritesNothing() throws Exception {
        Path target = Files.createDirectories(home.resolve("target"));
        ApiTestClient client = serve(Map.of("HURDVM_BACKUP_TARGET", target.toUri().toString()));
        InstancePaths vm = server.createStoppedInstance("vm1");
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(120)",
                vm.dir().resolve("backup.lock").toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertThat(out.readLine()).as("the lock holder's first line").isEqualTo("locked");
            HttpResponse<String> r = client.postJson(BACKUPS, "", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(ApiTestClient.error(r)).contains("another backup operation on vm1 is running");
            assertThat(client.postJson(BACKUPS + "/prune", "{\"keep\": 1}", null).statusCode()).isEqualTo(409);
            assertThat(filesUnder(target)).isZero();
        } finally {
            holder.destroy();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(42).nextBytes(b);
        return b;
    }

    private static long filesUnder(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
