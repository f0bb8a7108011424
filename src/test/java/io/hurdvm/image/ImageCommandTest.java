package io.hurdvm.image;

import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qemu.QemuImgCli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hurdvm.cli.image.ImageCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hurdvm image ...} run in-process against a real local server and store; checks output and exit codes. */
class ImageCommandTest {
    @TempDir
    Path home;
    PullFixture f;
    String out;
    String err;

    @BeforeEach
    void start() throws Exception {
        f = new PullFixture(home);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void pullListInspectRm_roundTrip_withJsonOutput() throws Exception {
        byte[] archive = TestImages.tarXz(Map.of("debian-hurd-amd64-20250807.img", TestImages.rawDisk(4, 1)));
        f.publish("/cd/ports/latest/hurd-amd64", "debian-hurd-amd64-20250807.img.tar.xz", archive);
        String url = f.server.uri("/cd/ports/latest/hurd-amd64/debian-hurd-amd64-20250807.img.tar.xz").toString();

        assertThat(run("pull", url, "--name", "hurd:2025", "--output", "json")).isZero();
        JsonNode pulled = new ObjectMapper().readTree(out);
        assertThat(pulled.path("tags").get(0).asText()).isEqualTo("hurd:2025");
        assertThat(pulled.path("upstreamChecksum").asText()).isEqualTo("sha256:" + TestImages.sha256(archive));
        assertThat(Path.of(pulled.path("blob").asText())).exists();
        assertThat(err).contains("download debian-hurd-amd64-20250807.img.tar.xz: done").contains("convert to qcow2: done");

        assertThat(run("list")).isZero();
        assertThat(out.lines().toList()).hasSize(2).last().asString().startsWith("hurd:2025").contains("4 MiB");
        assertThat(run("inspect", "hurd:2025")).isZero();
        assertThat(out).contains("digest:            " + pulled.path("digest").asText()).contains("source:            " + url);
        assertThat(run("rm", "hurd:2025")).isZero();
        assertThat(out.strip()).isEqualTo("deleted " + pulled.path("digest").asText() + " (hurd:2025)");
        assertThat(run("list", "--output", "json")).isZero();
        assertThat(out.strip()).isEqualTo("[ ]");
    }

    @Test
    void exitCodes_followTheCommonTable_checksum1_badInput2_notFound3_refused1_inUse2() throws Exception {
        f.publish("/x", "hurd.img", TestImages.rawDisk(2, 2));
        String url = f.server.uri("/x/hurd.img").toString();

        assertThat(run("pull", url, "--sha256", "0".repeat(64))).isEqualTo(1);
        assertThat(err).contains("hurdvm: checksum mismatch for hurd.img: expected sha256:" + "0".repeat(64));
        assertThat(run("pull", f.server.uri("/x/missing.img").toString(), "--no-verify")).isEqualTo(2);
        assertThat(err).contains("hurdvm: image not found (HTTP 404)");
        assertThat(run("inspect", "nothing")).isEqualTo(3);
        assertThat(err).startsWith("hurdvm: no image 'nothing' in the store");

        assertThat(run("rm", "nothing")).isEqualTo(3);
        assertThat(run("pull", url)).isZero();
        StoredImage image = f.store.inspect("hurd");
        new QemuImgCli().createOverlay(image.blob(), "qcow2", Files.createDirectories(home.resolve("instances/vm1")).resolve("disk.qcow2"), 0);
        assertThat(run("rm", "hurd")).isEqualTo(2);
        assertThat(err).contains("hurdvm: image hurd is used by instance vm1: remove it first");
        assertThat(image.blob()).exists();
    }

    @Test
    void refusedConnection_isOneLineInWords_exit1_withoutRetriesOrLeftovers() throws Exception {
        int port = closedPort();
        long started = System.nanoTime();
        // --retries 3 with the default 2 s back-off would take 14 s if a refusal were retried
        assertThat(run("pull", "http://127.0.0.1:" + port + "/hurd.img", "--no-verify", "--retries", "3")).isEqualTo(1);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(err.strip()).isEqualTo("hurdvm: cannot connect to 127.0.0.1:" + port + " (connection refused)");
        assertThat(err).doesNotContain("Exception").doesNotContain("attempts");
        assertThat(run("pull", "http://127.0.0.1:" + port + "/hurd.img")).isEqualTo(1); // SHA256SUMS first
        assertThat(err.strip()).isEqualTo("hurdvm: cannot connect to 127.0.0.1:" + port + " (connection refused)");
        try (var files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("nothing left behind").isEmpty();
        }
    }

    @Test
    void help_pointsToTheCommonExitCodes_andPullDefaultsToTheDebianImage() {
        assertThat(run("--help")).isZero();
        assertThat(out).contains("Exit codes as for every command").contains("3 no such image in the store");
        assertThat(run("pull", "--help")).isZero();
        assertThat(out).contains("debian-hurd-amd64").contains("HURDVM_IMAGE_MIRROR");
        assertThat(run("pull", "--bogus")).isEqualTo(2);
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = new CommandLine(new ImageCommand(Map.of("HURDVM_HOME", home.toString())))
                .setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true)).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again when this returns: connecting is refused
        }
    }
}
