package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.JsonFiles;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.BackupTargetException;
import io.hurdvm.storage.target.LocalDirTarget;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing a backup runs beside its VM checks answers what {@link BackupCatalog} answers, failures included. */
class CatalogListingTest {
    @TempDir Path dir;

    @Test
    void listsTheBackupsAndRemovesTheLeftovers() throws Exception {
        Path full = Files.createDirectories(dir.resolve("vm/20250101T000000Z-aaaa"));
        BackupManifest m = new BackupManifest(1, "vm", "20250101T000000Z-aaaa", "full", Instant.parse("2025-01-01T00:00:00Z"), null, 100, 10,
                "qcow2-zstd", "none", List.of(new BackupManifest.FileEntry("disk.qcow2", 10, "0".repeat(64))), "test");
        Files.write(full.resolve("manifest.json"), JsonFiles.MAPPER.writeValueAsBytes(m));
        Files.write(Files.createDirectories(dir.resolve("vm/20250101T020000Z-cccc")).resolve("disk.qcow2"), new byte[10]); // interrupted

        CatalogListing listing = CatalogListing.start(new BackupCatalog(new LocalDirTarget(dir), "vm"));
        assertThat(listing.backups()).extracting(BackupManifest::id).containsExactly("20250101T000000Z-aaaa");
        assertThat(listing.leftovers()).isEqualTo(1);
        assertThat(dir.resolve("vm/20250101T020000Z-cccc")).doesNotExist();
        listing.awaitQuietly();
    }

    /** A stand-in target (a proxy, not a real one): no real target here fails its listing on demand. */
    @Test
    void aFailingListingOfAStandInTarget_isThrownWithItsOwnType() {
        BackupTarget failing = (BackupTarget) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BackupTarget.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "uri" -> "test://failing";
                    case "list", "removeAbandonedUploads" -> throw new BackupTargetException(BackupTargetException.Reason.UNREACHABLE,
                            "test://failing is unreachable");
                    default -> null;
                });
        CatalogListing listing = CatalogListing.start(new BackupCatalog(failing, "vm"));
        assertThatThrownBy(listing::backups).isInstanceOf(BackupTargetException.class).hasMessage("test://failing is unreachable");
        assertThatThrownBy(listing::leftovers).isInstanceOf(BackupTargetException.class);
        listing.awaitQuietly(); // does not throw: the failure was reported where it mattered
    }
}
