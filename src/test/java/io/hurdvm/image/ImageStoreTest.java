package io.hurdvm.image;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qemu.QemuImgCli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store with real qcow2 files and real overlays made by qemu-img. */
class ImageStoreTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    private final QemuImg qemuImg = new QemuImgCli();

    @Test
    void add_movesFileIntoContentAddressedReadOnlyBlob_andIndexesItsNames() throws Exception {
        ImageStore store = new ImageStore(home);
        StoredImage image = add(store, 1, "hurd:2025", "hurd:latest");

        assertThat(image.blob()).isEqualTo(home.resolve("images/blobs/" + image.digest().replace(':', '-') + ".qcow2"));
        assertThat(image.blob().toFile().canWrite() && !isRoot()).isFalse();
        assertThat(Files.getPosixFilePermissions(image.blob()).toString()).isEqualTo("[OWNER_READ, GROUP_READ, OTHERS_READ]");
        assertThat(store.inspect("hurd:2025")).isEqualTo(image);
        assertThat(store.inspect("hurd")).isEqualTo(image);
        assertThat(store.inspect(image.digest().substring(0, 13))).isEqualTo(image);
        assertThat(new ImageStore(home).list()).containsExactly(image); // read back from index.json
        assertThatThrownBy(() -> store.inspect("nothere")).isInstanceOf(ImageException.class)
                .hasMessageContaining("no image 'nothere' in the store");
    }

    @Test
    void add_sameContentTwice_keepsOneBlob_andTagsMoveToTheNewestImage() throws Exception {
        ImageStore store = new ImageStore(home);
        StoredImage a = add(store, 1, "hurd:latest");
        StoredImage again = add(store, 1, "hurd:copy");
        StoredImage b = add(store, 2, "hurd:latest");

        assertThat(again.blob()).isEqualTo(a.blob());
        assertThat(store.inspect(a.digest()).record().tags()).containsExactly("hurd:copy");
        assertThat(store.inspect("hurd").digest()).isEqualTo(b.digest());
        try (var blobs = Files.list(home.resolve("images/blobs"))) {
            assertThat(blobs.count()).isEqualTo(2);
        }
        assertThat(store.tmpDir()).isEmptyDirectory();
    }

    @Test
    void rm_ofOneOfSeveralNames_onlyUntags_lastNameDeletesTheBlob() throws Exception {
        ImageStore store = new ImageStore(home);
        StoredImage image = add(store, 1, "hurd:2025", "hurd:latest");

        assertThat(store.rm("hurd:2025", blob -> List.of("must-not-be-asked"))).isEqualTo("untagged hurd:2025");
        assertThat(image.blob()).exists();
        assertThat(store.rm("hurd", blob -> List.of())).isEqualTo("deleted " + image.digest() + " (hurd:latest)");
        assertThat(image.blob()).doesNotExist();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void rm_refusesWhileInstanceOverlaysUseTheImage_namingThem_storeUnchanged() throws Exception {
        ImageStore store = new ImageStore(home);
        StoredImage image = add(store, 1, "hurd:latest");
        add(store, 2, "other:latest");
        Path instances = StoreLocation.instances(home);
        for (String name : List.of("web", "db")) {
            qemuImg.createOverlay(image.blob(), "qcow2", Files.createDirectories(instances.resolve(name)).resolve("disk.qcow2"), 0);
        }
        StoredImage other = store.inspect("other");
        qemuImg.createOverlay(other.blob(), "qcow2", Files.createDirectories(instances.resolve("unrelated")).resolve("disk.qcow2"), 0);
        Files.createDirectories(instances.resolve("no-disk-yet"));
        ImageUsers users = new InstanceOverlayUsers(instances, qemuImg);
        StoreSnapshot before = StoreSnapshot.of(store);

        assertThatThrownBy(() -> store.rm("hurd", users))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessage("image hurd is used by instances db, web: remove them first (hurdvm rm NAME)");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);

        Files.delete(instances.resolve("web/disk.qcow2"));
        Files.delete(instances.resolve("db/disk.qcow2"));
        assertThat(store.rm(image.digest(), users)).startsWith("deleted " + image.digest());
    }

    @Test
    void tenInstancesOfOneImage_costTenSmallOverlays() throws Exception {
        ImageStore store = new ImageStore(home);
        StoredImage image = add(store, 1, "hurd:latest");
        long overlays = 0;
        for (int i = 0; i < 10; i++) {
            Path disk = Files.createDirectories(StoreLocation.instances(home).resolve("vm" + i)).resolve("disk.qcow2");
            qemuImg.createOverlay(image.blob(), "qcow2", disk, 0);
            overlays += Files.size(disk);
        }
        assertThat(overlays).isLessThan(10 * 256 * 1024L);
        assertThat(new InstanceOverlayUsers(StoreLocation.instances(home), qemuImg).usersOf(image.blob())).hasSize(10);
    }

    @Test
    void concurrentAdds_fromManyThreads_loseNoIndexEntry() throws Exception {
        ImageStore store = new ImageStore(home);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            files.add(qcow2(i + 10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StoredImage>> added = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                int n = i;
                added.add(pool.submit(() -> store.add(files.get(n), record(files.get(n), "img" + n + ":latest"))));
            }
            for (Future<StoredImage> f : added) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new ImageStore(home).list()).hasSize(8);
        try (var leftovers = Files.list(store.dir())) {
            assertThat(leftovers.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tmp", "blobs", "index.json", "index.lock"); // no index temp files
        }
        assertThat(store.tmpDir()).isEmptyDirectory();
    }

    @Test
    void index_fromANewerFormatOrDamaged_isRefusedClearly_unknownFieldsAreIgnored() throws Exception {
        ImageStore store = new ImageStore(home);
        Path index = Files.createDirectories(store.dir()).resolve("index.json");
        Files.writeString(index, "{\"version\":1,\"images\":[],\"addedLater\":true}");
        assertThat(store.list()).isEmpty();
        Files.writeString(index, "{\"version\":2,\"images\":[]}");
        assertThatThrownBy(store::list).hasMessageContaining("has format 2, newer than this hurdvm understands (1)");
        Files.writeString(index, "{\"version\":1,\"ima");
        assertThatThrownBy(store::list).hasMessageContaining("cannot read the image index " + index)
                .hasMessageContaining("restore it or remove it");
    }

    private StoredImage add(ImageStore store, long seed, String... tags) throws Exception {
        Path file = qcow2(seed);
        return store.add(file, record(file, tags));
    }

    private ImageRecord record(Path file, String... tags) {
        Checksum digest = ChecksumVerifier.compute(file, Checksum.Algorithm.SHA256);
        return new ImageRecord(digest.toString(), List.of(tags), "file:///test", "", Instant.parse("2025-08-07T00:00:00Z"),
                1, 2, 3, "raw disk, MBR", "-c");
    }

    /** A real qcow2 in the store's tmp folder (the same filesystem, as the puller leaves it). */
    private Path qcow2(long seed) throws Exception {
        Path tmp = new ImageStore(home).tmpDir();
        Path file = Files.createTempFile(tmp, "t", ".qcow2");
        Files.write(file, TestImages.qcow2(TestImages.rawDisk(1, seed), work));
        return file;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
