package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullWorkspaceTest {
    @TempDir
    Path tmp;

    private static final URI SOURCE = URI.create("http://example.org/hurd.img");

    @Test
    void secondPullOfTheSameUrl_isRefusedWhileTheFirstHoldsIt_andNoLockFileOutlivesThem() throws Exception {
        try (PullWorkspace first = new PullWorkspace(tmp, SOURCE)) {
            assertThatThrownBy(() -> new PullWorkspace(tmp, SOURCE)).isInstanceOfSatisfying(ImageException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT)).hasMessageContaining("in progress");
            try (PullWorkspace other = new PullWorkspace(tmp, URI.create("http://example.org/other.img"))) {
                assertThat(other.part()).isNotEqualTo(first.part());
            }
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).isEmpty();
        }
        try (PullWorkspace again = new PullWorkspace(tmp, SOURCE)) {
            assertThat(again.part().getFileName().toString()).startsWith("pull-");
        }
    }

    @Test
    void aLockFileReplacedWhileLocking_isNotTrusted() throws Exception {
        // A pull that opened the lock file just before its holder deleted it locks a deleted file;
        // the token check makes it lock the file that holds the name instead.
        try (PullWorkspace first = new PullWorkspace(tmp, SOURCE)) {
            Path lock;
            try (var files = Files.list(tmp)) {
                lock = files.filter(p -> p.toString().endsWith(".lock")).findFirst().orElseThrow();
            }
            Files.delete(lock); // as if the holder had closed and a new pull had not created it yet
            try (PullWorkspace second = new PullWorkspace(tmp, SOURCE)) {
                assertThat(lock).exists(); // second created and holds a new file under the name
                assertThatThrownBy(() -> new PullWorkspace(tmp, SOURCE)).hasMessageContaining("in progress");
            }
        }
    }
}
