package io.hurdvm.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store on a real, deliberately tiny filesystem: an 8 MiB tmpfs mounted for each test (needs root;
 * skipped with a message where mounting is not allowed).
 */
class ImagePullDiskFullTest {
    private Path mountPoint;
    private boolean mounted;
    private PullFixture f;

    @BeforeEach
    void mountTinyFilesystem() throws Exception {
        mountPoint = Files.createTempDirectory(Path.of("/tmp"), "hv-full");
        try {
            TestImages.run(List.of("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.toString()));
            mounted = true;
        } catch (Exception e) {
            Assumptions.abort("skipped: cannot mount an 8 MiB tmpfs to fill up (" + e.getMessage().strip() + ")");
        }
        f = new PullFixture(mountPoint);
        f.publish("/small", "small.img", TestImages.rawDisk(1, 1));
        f.pull("/small/small.img"); // the store is not empty, so "unchanged" means something
    }

    @AfterEach
    void unmount() throws Exception {
        if (f != null) {
            f.close();
        }
        if (mounted) {
            TestImages.run(List.of("umount", mountPoint.toString()));
        }
        Files.deleteIfExists(mountPoint);
    }

    @Test
    void diskFillsDuringDownload_clearError_partDeleted_storeUnchanged() throws Exception {
        f.publish("/big", "big.img", TestImages.randomDisk(12, 2));
        StoreSnapshot before = StoreSnapshot.of(f.store);

        assertThatThrownBy(() -> f.pull("/big/big.img"))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILURE))
                .hasMessage("disk full while downloading: free some space, or set HURDVM_HOME to a larger disk");
        assertThat(StoreSnapshot.of(f.store)).isEqualTo(before);
    }

    @Test
    void diskFillsDuringConversion_clearError_tempFilesDeleted_storeUnchanged() throws Exception {
        f.publish("/mid", "mid.img", TestImages.randomDisk(5, 3)); // fits once, not twice (download + qcow2)
        StoreSnapshot before = StoreSnapshot.of(f.store);
        long freeBefore = Files.getFileStore(mountPoint).getUsableSpace();

        assertThatThrownBy(() -> f.pull("/mid/mid.img"))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILURE))
                .hasMessageStartingWith("disk full while converting mid.img: free some space");
        assertThat(StoreSnapshot.of(f.store)).isEqualTo(before);
        assertThat(Files.getFileStore(mountPoint).getUsableSpace()).isEqualTo(freeBefore);
    }
}
