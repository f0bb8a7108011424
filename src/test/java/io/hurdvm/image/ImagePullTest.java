package io.hurdvm.image;

import io.hurdvm.errors.ErrorKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hurdvm.qemu.ProcessCommandRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end pulls from a real HTTP server on 127.0.0.1 into a real store, converted by real qemu-img. */
class ImagePullTest {
    @TempDir
    Path home;
    @TempDir
    Path work;
    PullFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new PullFixture(home);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void pull_tarXzListedInSha256Sums_storesVerifiedCompressedQcow2() throws Exception {
        byte[] disk = TestImages.rawDisk(4, 1);
        byte[] archive = TestImages.tarXz(Map.of("hurd-test-20250101.img", disk));
        f.publish("/images", "hurd-test-20250101.img.tar.xz", archive);

        StoredImage image = f.pull("/images/hurd-test-20250101.img.tar.xz");

        assertThat(image.record().tags()).containsExactly("hurd-test-20250101:latest");
        assertThat(image.record().upstreamChecksum()).isEqualTo("sha256:" + TestImages.sha256(archive));
        assertThat(image.blob().getFileName().toString()).isEqualTo(image.digest().replace(':', '-') + ".qcow2");
        assertThat(image.digest()).isEqualTo("sha256:" + TestImages.sha256(Files.readAllBytes(image.blob())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image.blob()))).isEqualTo("r--r--r--");
        JsonNode info = new ObjectMapper().readTree(new ProcessCommandRunner().run(
                List.of("qemu-img", "info", "--output=json", image.blob().toString()), Duration.ofSeconds(30)).stdout());
        assertThat(info.path("format").asText()).isEqualTo("qcow2");
        assertThat(info.path("format-specific").path("data").path("compression-type").asText()).isEqualTo("zstd");
        assertThat(image.record().virtualBytes()).isEqualTo(disk.length);
        assertSameContent(image.blob(), disk);
        assertThat(tmpFiles()).isEmpty();
        assertThat(f.progressText.toString()).contains("download hurd-test-20250101.img.tar.xz: done")
                .contains("unpack hurd-test-20250101.img: done").contains("convert to qcow2: done");
    }

    @Test
    void pull_debianAlias_fetchesPinnedDatedFileFromMirror_verifiedBySha512Sums() throws Exception {
        byte[] archive = TestImages.tarGz(Map.of("debian-hurd-amd64-20250807.img", TestImages.rawDisk(4, 2)));
        String dir = "/cdimage/ports/latest/hurd-amd64";
        String name = "debian-hurd-amd64-20250807.img.tar.gz";
        f.server.put(dir + "/" + name, archive);
        f.server.put(dir + "/SHA512SUMS", (TestImages.sha512(archive) + "  " + name + "\n").getBytes());
        ImageSource alias = ImageSource.parse("debian-hurd-amd64",
                Map.of(ImageSource.MIRROR_ENV, f.server.uri("/cdimage").toString()));

        StoredImage image = f.puller().pull(ImagePuller.Request.of(alias));

        assertThat(image.record().tags()).containsExactly("debian-hurd-amd64:20250807", "debian-hurd-amd64:latest");
        assertThat(image.record().upstreamChecksum()).isEqualTo("sha512:" + TestImages.sha512(archive));
        assertThat(f.server.requests()).contains("GET " + dir + "/" + name);
    }

    @Test
    void pull_qcow2AndIso_areProbedAndConverted() throws Exception {
        byte[] disk = TestImages.rawDisk(4, 3);
        f.publish("/q", "guest.qcow2", TestImages.qcow2(disk, work));
        StoredImage q = f.pull("/q/guest.qcow2");
        assertSameContent(q.blob(), disk);
        assertThat(q.record().sourceFormat()).isEqualTo("qcow2");

        byte[] iso = TestImages.iso(work);
        f.publish("/i", "install.iso", iso);
        StoredImage i = f.pull("/i/install.iso");
        assertSameContent(i.blob(), iso);
        assertThat(i.record().sourceFormat()).isEqualTo("ISO 9660");
    }

    @Test
    void pull_wrongSha256_failsNamingExpectedAndActual_deletesDownload_storeUnchanged() throws Exception {
        f.publish("/ok", "base.img", TestImages.rawDisk(4, 4));
        f.pull("/ok/base.img");
        byte[] disk = TestImages.rawDisk(4, 5);
        f.server.put("/bad/hurd.img", disk);
        StoreSnapshot before = StoreSnapshot.of(f.store);
        Checksum wrong = Checksum.parse("0".repeat(64));

        assertThatThrownBy(() -> f.puller().pull(new ImagePuller.Request(f.source("/bad/hurd.img"), Optional.of(wrong),
                true, List.of())))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DAMAGED))
                .hasMessageContaining("expected sha256:" + "0".repeat(64))
                .hasMessageContaining("got sha256:" + TestImages.sha256(disk))
                .hasMessageContaining("the download was deleted");
        assertThat(StoreSnapshot.of(f.store)).isEqualTo(before);
    }

    @Test
    void pull_publisherSumsDisagree_isChecksumMismatch_storeUnchanged() throws Exception {
        f.server.put("/m/hurd.img", TestImages.rawDisk(4, 6));
        f.server.put("/m/SHA256SUMS", TestImages.sha256Sums(Map.of("hurd.img", TestImages.rawDisk(4, 7))));
        StoreSnapshot before = StoreSnapshot.of(f.store);

        assertThatThrownBy(() -> f.pull("/m/hurd.img")).isInstanceOfSatisfying(ImageException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.DAMAGED));
        assertThat(StoreSnapshot.of(f.store)).isEqualTo(before);
    }

    @Test
    void pull_connectionCutMidTransfer_resumesWithRangeRequest_insteadOfStartingOver() throws Exception {
        byte[] disk = TestImages.rawDisk(8, 8);
        f.publish("/r", "hurd.img", disk);
        f.server.cutConnectionAfter(3 << 20, 1);

        StoredImage image = f.pull("/r/hurd.img");

        assertSameContent(image.blob(), disk);
        assertThat(f.server.requests()).filteredOn(r -> r.startsWith("GET /r/hurd.img Range: bytes="))
                .singleElement().asString().endsWith("- If-Range: " + TestImageServer.etag(disk));
        assertThat(f.progressText.toString()).contains("download hurd.img: stopped at ")
                .contains("download hurd.img: done, 8.0 MiB of 8.0 MiB");
        // at most what was in flight when the connection dropped is sent twice
        long sums = TestImages.sha256Sums(Map.of("hurd.img", disk)).length;
        assertThat(f.server.bodyBytesSent()).isBetween(disk.length + sums, disk.length + sums + (1L << 20));
    }

    @Test
    void pull_interruptedWithoutRetries_keepsOnlyPartInTmp_nextPullResumesIt() throws Exception {
        byte[] disk = TestImages.rawDisk(8, 9);
        f.publish("/r", "hurd.img", disk);
        f.server.cutConnectionAfter(3 << 20, 1);
        StoreSnapshot before = StoreSnapshot.of(f.store);

        // the server sent 3 MiB; a few KiB in flight may be lost with the connection (as on a real network)
        assertThatThrownBy(() -> f.puller(0, Duration.ofSeconds(10)).pull(ImagePuller.Request.of(f.source("/r/hurd.img"))))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED))
                .hasMessageMatching(".*connection lost after \\d+ of " + disk.length + " bytes.*")
                .hasMessageEndingWith("run the pull again to resume it");
        assertThat(StoreSnapshot.of(f.store).withoutTmp()).isEqualTo(before.withoutTmp());
        assertThat(tmpFiles()).extracting(p -> p.getFileName().toString().replaceAll("^pull-[0-9a-f]+", ""))
                .containsExactlyInAnyOrder(".part", ".part.validator");
        Path part = tmpFiles().stream().filter(p -> p.toString().endsWith(".part")).findFirst().orElseThrow();
        long kept = Files.size(part);
        assertThat(kept).isBetween(1L << 20, 3L << 20);

        StoredImage image = f.pull("/r/hurd.img");

        assertSameContent(image.blob(), disk);
        assertThat(f.server.requests()).contains("GET /r/hurd.img Range: bytes=" + kept + "- If-Range: "
                + TestImageServer.etag(disk));
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void pull_fileChangedOnServerSinceInterruption_startsOverInsteadOfSplicing() throws Exception {
        f.publish("/r", "hurd.img", TestImages.rawDisk(8, 10));
        f.server.cutConnectionAfter(3 << 20, 1);
        assertThatThrownBy(() -> f.puller(0, Duration.ofSeconds(10)).pull(ImagePuller.Request.of(f.source("/r/hurd.img"))))
                .isInstanceOf(ImageException.class);
        byte[] newer = TestImages.rawDisk(8, 11);
        f.publish("/r", "hurd.img", newer);

        StoredImage image = f.pull("/r/hurd.img");

        assertSameContent(image.blob(), newer);
        assertThat(image.record().upstreamChecksum()).isEqualTo("sha256:" + TestImages.sha256(newer));
    }

    @Test
    void pull_missingFile_is404BadInput_storeUnchanged() {
        StoreSnapshot before = StoreSnapshot.of(f.store);
        assertThatThrownBy(() -> f.puller().pull(new ImagePuller.Request(f.source("/nope/hurd.img"),
                Optional.of(Checksum.parse("1".repeat(64))), true, List.of())))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("image not found (HTTP 404)").hasMessageContaining("/nope/hurd.img");
        assertThat(StoreSnapshot.of(f.store)).isEqualTo(before);
    }

    @Test
    void pull_htmlPageNamedImg_isNotADiskImage_storeUnchanged() throws Exception {
        byte[] page = ("<!DOCTYPE html><html><body>Mirror maintenance</body></html>" + " ".repeat(2000)).getBytes();
        f.publish("/h", "hurd.img", page);
        StoreSnapshot before = StoreSnapshot.of(f.store);

        assertThatThrownBy(() -> f.pull("/h/hurd.img"))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("hurd.img is not a disk image").hasMessageContaining("HTML page");
        assertThat(StoreSnapshot.of(f.store)).isEqualTo(before);
    }

    @Test
    void pull_archiveWhoseImgIsNoDisk_isRejected_storeUnchanged() throws Exception {
        byte[] archive = TestImages.tarXz(Map.of("hurd.img", new byte[4096]));
        f.publish("/a", "hurd.img.tar.xz", archive);
        StoreSnapshot before = StoreSnapshot.of(f.store);

        assertThatThrownBy(() -> f.pull("/a/hurd.img.tar.xz")).isInstanceOf(ImageException.class)
                .hasMessageContaining("the .img in hurd.img.tar.xz is not a disk image");
        assertThat(StoreSnapshot.of(f.store)).isEqualTo(before);
    }

    @Test
    void pull_stalledServer_timesOutCleanlyWithinDeadline() throws Exception {
        f.publish("/s", "hurd.img", TestImages.rawDisk(8, 12));
        f.server.stallAfter(1 << 20);
        long start = System.nanoTime();

        assertThatThrownBy(() -> f.puller(0, Duration.ofSeconds(1)).pull(ImagePuller.Request.of(f.source("/s/hurd.img"))))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT))
                .hasMessageContaining("no data received for 1 s (read timeout) after " + (1 << 20));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void pull_serverAcceptsButNeverAnswers_timesOutCleanly() throws Exception {
        // the kernel completes the TCP handshake from the backlog; nobody ever reads the request
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ImageSource src = ImageSource.parse("http://127.0.0.1:" + silent.getLocalPort() + "/hurd.img", Map.of());
            long start = System.nanoTime();

            assertThatThrownBy(() -> f.puller(0, Duration.ofSeconds(1)).pull(new ImagePuller.Request(src, Optional.empty(),
                    false, List.of())))
                    .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT))
                    .hasMessageContaining("no response from 127.0.0.1 within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void pull_withoutAnyChecksum_isRefused_unlessVerificationIsWaived() throws Exception {
        f.server.put("/n/hurd.img", TestImages.rawDisk(4, 13));
        assertThatThrownBy(() -> f.pull("/n/hurd.img")).isInstanceOf(ImageException.class)
                .hasMessageContaining("no checksum for hurd.img").hasMessageContaining("--sha256");
        assertThat(f.server.requests()).doesNotContain("GET /n/hurd.img"); // refused before downloading

        StoredImage image = f.puller().pull(new ImagePuller.Request(f.source("/n/hurd.img"), Optional.empty(), false, List.of()));
        assertThat(image.record().upstreamChecksum()).isEmpty();
    }

    @Test
    void pull_sameImageUnderTwoNames_storesOneBlob() throws Exception {
        byte[] disk = TestImages.rawDisk(4, 14);
        f.publish("/d", "a.img", disk);
        f.publish("/e", "b.img", disk);

        StoredImage a = f.pull("/d/a.img");
        StoredImage b = f.pull("/e/b.img");

        assertThat(b.blob()).isEqualTo(a.blob());
        assertThat(f.store.list()).singleElement().satisfies(i -> assertThat(i.record().tags())
                .containsExactly("a:latest", "b:latest"));
    }

    @Test
    void ensure_pullsOnFirstUseOnly() throws Exception {
        f.publish("/u", "hurd.img", TestImages.rawDisk(4, 15));
        String url = f.server.uri("/u/hurd.img").toString();

        StoredImage first = f.puller().ensure(url, Map.of());
        StoredImage again = f.puller().ensure(url, Map.of());
        StoredImage byName = f.puller().ensure("hurd", Map.of());

        assertThat(again).isEqualTo(first);
        assertThat(byName).isEqualTo(first);
        assertThat(f.server.requests().stream().filter(r -> r.equals("GET /u/hurd.img"))).hasSize(1);
        assertThatThrownBy(() -> f.puller().ensure("hurd:other", Map.of())).isInstanceOf(ImageException.class)
                .hasMessageStartingWith("no image 'hurd:other' in the store");
    }

    private List<Path> tmpFiles() throws Exception {
        try (var s = Files.list(f.store.tmpDir())) {
            return s.toList(); // lock files included: a finished pull leaves none
        }
    }

    private void assertSameContent(Path qcow2, byte[] raw) throws Exception {
        Path rawFile = Files.write(work.resolve("expected.raw"), raw);
        TestImages.run(List.of("qemu-img", "compare", "-q", "-f", "qcow2", "-F", "raw", qcow2.toString(), rawFile.toString()));
        Files.delete(rawFile);
    }
}
