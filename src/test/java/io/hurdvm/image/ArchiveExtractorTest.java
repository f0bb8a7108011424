package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {
    @TempDir
    Path dir;

    @Test
    void extractsTheOnlyImg_fromTarXzAndTarGz_skippingOtherEntries() throws Exception {
        byte[] disk = TestImages.rawDisk(4, 1);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("README.txt", "hello".getBytes());
        entries.put("hurd/debian-hurd.img", disk);
        for (SourceFormat f : new SourceFormat[] {SourceFormat.TAR_XZ, SourceFormat.TAR_GZ}) {
            Path archive = Files.write(dir.resolve("a" + f), f == SourceFormat.TAR_XZ ? TestImages.tarXz(entries) : TestImages.tarGz(entries));
            Path out = dir.resolve("out" + f + ".img");
            assertThat(ArchiveExtractor.extractSingleImage(archive, f, out, Progress.SILENT)).isEqualTo(disk.length);
            assertThat(Arrays.equals(Files.readAllBytes(out), disk)).isTrue();
        }
    }

    @Test
    void writesZeroRunsAsHoles() throws Exception {
        byte[] disk = new byte[32 << 20]; // 32 MiB, all zero but the boot signature and one last byte
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        Path archive = Files.write(dir.resolve("z.tar.gz"), TestImages.tarGz(Map.of("z.img", disk)));
        Path out = dir.resolve("z.img");

        ArchiveExtractor.extractSingleImage(archive, SourceFormat.TAR_GZ, out, Progress.SILENT);

        assertThat(Files.size(out)).isEqualTo(disk.length);
        long allocated = Long.parseLong(TestImages.run(List.of("stat", "-c", "%b", out.toString())).strip()) * 512;
        assertThat(allocated).isLessThan(1 << 20);
    }

    @Test
    void refusesArchivesWithNoneOrSeveralImages() throws Exception {
        Path none = Files.write(dir.resolve("n.tar.xz"), TestImages.tarXz(Map.of("README", "x".getBytes())));
        assertThatThrownBy(() -> ArchiveExtractor.extractSingleImage(none, SourceFormat.TAR_XZ, dir.resolve("o"), Progress.SILENT))
                .hasMessage("n.tar.xz holds no .img file: it is not a disk image archive");
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("a.img", TestImages.rawDisk(1, 1));
        two.put("b.img", TestImages.rawDisk(1, 2));
        Path several = Files.write(dir.resolve("s.tar.xz"), TestImages.tarXz(two));
        assertThatThrownBy(() -> ArchiveExtractor.extractSingleImage(several, SourceFormat.TAR_XZ, dir.resolve("o"), Progress.SILENT))
                .hasMessageContaining("holds more than one .img (a.img, b.img)");
    }

    @Test
    void refusesImplausibleSizes_andDamagedArchives() throws Exception {
        Path odd = Files.write(dir.resolve("o.tar.gz"), TestImages.tarGz(Map.of("odd.img", new byte[1000])));
        assertThatThrownBy(() -> ArchiveExtractor.extractSingleImage(odd, SourceFormat.TAR_GZ, dir.resolve("o"), Progress.SILENT))
                .hasMessageContaining("implausible size of 1000 bytes");
        byte[] whole = TestImages.tarXz(Map.of("t.img", TestImages.rawDisk(2, 3)));
        Path truncated = Files.write(dir.resolve("t.tar.xz"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> ArchiveExtractor.extractSingleImage(truncated, SourceFormat.TAR_XZ, dir.resolve("o"), Progress.SILENT))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("t.tar.xz is not a readable tar.xz archive");
    }
}
