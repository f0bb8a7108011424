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
    void exitCodes_badInput2_checksum3_network4_inUse5() throws Exception {
        f.publish("/x", "hurd.img", TestImages.rawDisk(2, 2));
        String url = f.server.uri("/x/hurd.img").toString();

        assertThat(run("pull", url, "--sha256", "0".repeat(64))).isEqualTo(3);
        assertThat(err).contains("hurdvm: checksum mismatch for hurd.img: expected sha256:" + "0".repeat(64));
        assertThat(run("pull", f.server.uri("/x/missing.img").toString(), "--no-verify")).isEqualTo(2);
        assertThat(err).contains("hurdvm: image not found (HTTP 404)");
        assertThat(run("inspect", "nothing")).isEqualTo(2);
        assertThat(run("pull", "http://127.0.0.1:" + closedPort() + "/hurd.img", "--no-verify", "--retries", "0")).isEqualTo(4);
        assertThat(err).contains("hurdvm: download of http://127.0.0.1:").contains("connection to 127.0.0.1 failed");

        assertThat(run("pull", url)).isZero();
        StoredImage image = f.store.inspect("hurd");
        new QemuImgCli().createOverlay(image.blob(), "qcow2", Files.createDirectories(home.resolve("instances/vm1")).resolve("disk.qcow2"), 0);
        assertThat(run("rm", "hurd")).isEqualTo(5);
        assertThat(err).contains("hurdvm: image hurd is used by instance vm1: remove it first");
        assertThat(image.blob()).exists();
    }

    @Test
    void help_documentsExitCodes_andPullDefaultsToTheDebianImage() {
        assertThat(run("--help")).isZero();
        assertThat(out).contains("Exit codes:").contains("3   checksum mismatch").contains("5   image still used by an instance");
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
