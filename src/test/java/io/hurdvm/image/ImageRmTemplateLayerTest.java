package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.cli.image.ImageCommand;
import io.hurdvm.qemu.QemuImgCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** 'image rm' with real qemu-img: a template's disk layer backed by the image keeps it, like an instance's overlay. */
class ImageRmTemplateLayerTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void rm_ofAnImageATemplatesLayerIsBackedBy_isRefusedNamingTheTemplate_andTheBlobStays() throws Exception {
        ImageStore store = new ImageStore(home);
        Path file = Files.createTempFile(store.tmpDir(), "t", ".qcow2");
        Files.write(file, TestImages.qcow2(TestImages.rawDisk(1, 3), work));
        Checksum digest = ChecksumVerifier.compute(file, Checksum.Algorithm.SHA256);
        StoredImage image = store.add(file, new ImageRecord(digest.toString(), List.of("hurd:latest"), "file:///test", "",
                Instant.parse("2025-08-07T00:00:00Z"), 1, 2, 3, "raw disk, MBR", "-c"));
        new QemuImgCli().createOverlay(image.blob(), "qcow2", Files.createDirectories(home.resolve("templates/ci")).resolve("disk.qcow2"), 0);

        StringWriter err = new StringWriter();
        int code = new CommandLine(new ImageCommand(Map.of("HURDVM_HOME", home.toString())))
                .setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter())).execute("rm", "hurd");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("is used by instance template ci");
        assertThat(image.blob()).exists();
    }
}
