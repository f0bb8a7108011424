package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.storage.target.LocalDirTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Hand-made backups of instance "vm" in a {@link LocalDirTarget} over a temp dir: a manifest and a
 * data file each (its SHA-256 true, so it can be copied), the time taken from the id, for tests of what prunes,
 * retention and copies do.
 */
public final class StoredBackups {
    /** Ids for two chains, F1 <- I1 <- I2 and F2 <- I3, in the order they were made. */
    public static final String F1 = "20260101T000000Z-f001";
    public static final String I1 = "20260102T000000Z-a001";
    public static final String I2 = "20260103T000000Z-a002";
    public static final String F2 = "20260104T000000Z-f002";
    public static final String I3 = "20260105T000000Z-a003";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    public StoredBackups(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    public LocalDirTarget target() {
        return new LocalDirTarget(root);
    }

    /** The local instance dir the backup lock lives in. */
    public static InstancePaths instance(Path home) throws IOException {
        return InstancePaths.forDir(Files.createDirectories(home.resolve("vm")));
    }

    /** Stores backup {@code id}, full if {@code parent} is null; {@code schedule} null for a manual one. */
    public StoredBackups add(String id, String parent, String schedule) throws IOException {
        Path d = Files.createDirectories(root.resolve("vm").resolve(id));
        Files.write(d.resolve(BackupManifest.DISK_FILE), new byte[10]);
        Instant time = STAMP.parse(id.substring(0, 16), Instant::from);
        BackupManifest m = new BackupManifest(1, "vm", id, parent == null ? BackupManifest.FULL : BackupManifest.INCREMENTAL, time,
                parent, 100, 10, "qcow2-zstd", "none", List.of(new BackupManifest.FileEntry(BackupManifest.DISK_FILE, 10,
                StagingDir.sha256(d.resolve(BackupManifest.DISK_FILE)))), "test", schedule);
        Files.write(d.resolve(BackupLayout.MANIFEST), JsonFiles.MAPPER.writeValueAsBytes(m));
        return this;
    }

    /** Ids of the complete backups left, oldest first. */
    public List<String> ids() {
        return new BackupCatalog(target(), "vm").backups().stream().map(BackupManifest::id).toList();
    }
}
