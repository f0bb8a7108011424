package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskImageProbeTest {
    @TempDir
    Path dir;

    @Test
    void recognisesQcow2IsoMbrAndGpt_fromRealFiles() throws Exception {
        byte[] raw = TestImages.rawDisk(2, 1);
        assertThat(probe("mbr.img", raw)).isEqualTo(DiskFormat.RAW_MBR);
        assertThat(probe("q.qcow2", TestImages.qcow2(raw, dir))).isEqualTo(DiskFormat.QCOW2);
        assertThat(probe("x.iso", TestImages.iso(dir))).isEqualTo(DiskFormat.ISO9660);
        byte[] gpt = raw.clone();
        System.arraycopy("EFI PART".getBytes(), 0, gpt, 512, 8);
        assertThat(probe("gpt.img", gpt)).isEqualTo(DiskFormat.RAW_GPT);
    }

    @Test
    void rejectsNonImages_sayingWhatTheyLookLike() throws Exception {
        assertThatThrownBy(() -> probe("page.img", ("<html><body>404</body></html>" + " ".repeat(600)).getBytes()))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageStartingWith("page.img is not a disk image (").hasMessageContaining("HTML page");
        assertThatThrownBy(() -> probe("tiny.img", new byte[100])).hasMessageContaining("only 100 bytes long");
        assertThatThrownBy(() -> probe("a.img", TestImages.tarXz(Map.of("x.img", TestImages.randomDisk(1, 1)))))
                .hasMessageContaining("compressed file");
        assertThatThrownBy(() -> probe("zeros.img", new byte[1 << 16])).hasMessageContaining("starts with bytes 00 00");
    }

    private DiskFormat probe(String name, byte[] content) throws Exception {
        return DiskImageProbe.probe(Files.write(dir.resolve(name), content), name);
    }
}
