package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumVerifierTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(128);

    @Test
    void findsEntriesInTextAndBinaryModeLines_matchingOnTheFileName() {
        String sums = A + "  debian-hurd.img.tar.gz\n" + B + " *./hurd-amd64/debian-hurd-amd64-20250807.img.tar.gz\r\n";
        assertThat(ChecksumVerifier.findInSums(sums, "debian-hurd.img.tar.gz")).contains(Checksum.parse(A));
        assertThat(ChecksumVerifier.findInSums(sums, "debian-hurd-amd64-20250807.img.tar.gz")).contains(Checksum.parse(B));
        assertThat(ChecksumVerifier.findInSums(sums, "other.iso")).isEmpty();
        assertThat(ChecksumVerifier.findInSums(sums, "hurd.img.tar.gz")).isEmpty();
    }

    @Test
    void readsSha512ListsAndBsdTaggedLines() {
        assertThat(ChecksumVerifier.findInSums(C + "  x.iso\n", "x.iso")).contains(new Checksum(Checksum.Algorithm.SHA512, C));
        assertThat(ChecksumVerifier.findInSums("SHA256 (x.img) = " + A.toUpperCase() + "\n", "x.img"))
                .contains(new Checksum(Checksum.Algorithm.SHA256, A));
    }

    @Test
    void rejectsMalformedHex() {
        assertThatThrownBy(() -> Checksum.parse("xyz")).isInstanceOf(ImageException.class).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> new Checksum(Checksum.Algorithm.SHA512, A)).hasMessageContaining("128 hex digits");
    }

    @Test
    void mismatch_deletesADownload_butNeverTheUsersOwnFile(@TempDir Path dir) throws Exception {
        Path download = Files.writeString(dir.resolve("d.part"), "data");
        Path own = Files.writeString(dir.resolve("own.img"), "data");
        String actual = TestImages.sha256("data".getBytes());

        assertThatThrownBy(() -> ChecksumVerifier.verify(download, "d.img", Checksum.parse(A), true, Progress.SILENT))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DAMAGED))
                .hasMessage("checksum mismatch for d.img: expected sha256:" + A + ", got sha256:" + actual
                        + "; the download was deleted. Check the URL and the checksum, or try another mirror");
        assertThatThrownBy(() -> ChecksumVerifier.verify(own, "own.img", Checksum.parse(A), false, Progress.SILENT))
                .hasMessageNotContaining("deleted");
        assertThat(download).doesNotExist();
        assertThat(own).exists();
        ChecksumVerifier.verify(own, "own.img", Checksum.parse(actual), false, Progress.SILENT);
    }
}
