package io.hurdvm.storage.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.secret.Secret;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3Target} against s3rver, a real S3-compatible HTTP server on 127.0.0.1 (not a mock). */
class S3TargetAgainstS3rverTest {
    private static S3TestServer server;
    @TempDir Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private S3Target target(String prefix) {
        return new S3Target(new TargetUri.S3(S3TestServer.BUCKET, prefix), server.settings());
    }

    @Test
    void largeFile_goesUpAsMultipart_andComesBackIdentical() throws Exception {
        Path big = tmp.resolve("big");
        byte[] data = new byte[(int) (3 * S3Target.MIN_PART + 12345)];
        new Random(7).nextBytes(data);
        Files.write(big, data);
        List<Long> progress = new ArrayList<>();
        try (S3Target t = target("run1/backups")) {
            t.put("vm/x/disk.qcow2", big, (name, done, total) -> progress.add(done));
            assertThat(progress).hasSize(4).last().isEqualTo((long) data.length); // 4 parts: multipart was used
            assertThat(t.list("vm/")).containsExactly(new StoredObject("vm/x/disk.qcow2", data.length));
            Path back = tmp.resolve("back");
            t.get("vm/x/disk.qcow2", back, TransferListener.NONE);
            assertThat(Files.readAllBytes(back)).isEqualTo(data);
            try (InputStream in = t.open("vm/x/disk.qcow2")) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            t.delete("vm/x/disk.qcow2");
            assertThat(t.list("vm/")).isEmpty();
        }
    }

    @Test
    void smallFile_singlePut_underPrefix_isInvisibleToOtherPrefixes() throws Exception {
        Path small = Files.writeString(tmp.resolve("m"), "{\"a\":1}");
        try (S3Target a = target("pa"); S3Target b = target("pb")) {
            a.put("vm/1/manifest.json", small, TransferListener.NONE);
            assertThat(a.list("vm/")).extracting(StoredObject::key).containsExactly("vm/1/manifest.json");
            assertThat(b.list("vm/")).isEmpty();
        }
    }

    @Test
    void unreachableEndpoint_isReportedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        S3Settings dead = new S3Settings(Optional.of(URI.create("http://127.0.0.1:" + closedPort)), "us-east-1", "k", Secret.of("s"), true);
        Path f = Files.writeString(tmp.resolve("f"), "x");
        try (S3Target t = new S3Target(new TargetUri.S3(S3TestServer.BUCKET, ""), dead)) {
            assertThatThrownBy(() -> t.put("vm/1/f", f, TransferListener.NONE))
                    .isInstanceOf(BackupTargetException.class)
                    .hasMessageContaining("cannot reach").hasMessageContaining("127.0.0.1:" + closedPort)
                    .extracting(e -> ((BackupTargetException) e).reason()).isEqualTo(BackupTargetException.Reason.UNREACHABLE);
        }
    }

    @Test
    void settings_neverShowTheSecret() {
        S3Settings s = new S3Settings(Optional.of(server.endpoint()), "us-east-1", "id", Secret.of("very-secret-value"), true);
        assertThat(s.toString()).doesNotContain("very-secret-value").contains("id");
    }

    /**
     * s3rver answers ListMultipartUploads with NotImplemented: the cleanup of killed multipart uploads
     * must then do nothing rather than fail the backup. (Aborting real leftovers needs a store that
     * lists uploads, e.g. AWS or MinIO; none runs here.)
     */
    @Test
    void removeAbandonedUploads_onAStoreThatCannotListUploads_removesNothingAndDoesNotFail() throws Exception {
        Path small = Files.writeString(tmp.resolve("small"), "x");
        try (S3Target t = target("cleanup")) {
            t.put("vm/20260101T000000Z-f001/disk.qcow2", small, TransferListener.NONE);
            assertThat(t.removeAbandonedUploads("vm/")).isZero();
            assertThat(t.list("vm/")).hasSize(1);
        }
    }
}
