package io.hurdvm.storage.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code manifest.json}: what one backup is. Written to the target last, so its presence is what
 * makes a backup exist. {@code sha256} of each file is over the bytes as stored (after compression
 * and encryption), which is what {@code verify} re-reads.
 *
 * @param kind          {@code full} or {@code incremental}
 * @param parent        the backup this one applies on top of; null for a full backup
 * @param virtualSize   the guest disk's size in bytes
 * @param dataBytes     guest bytes this backup copied (whole disk for full, changed clusters for incremental)
 * @param encryption    {@code none} or {@code aes-256-gcm-chunked}
 * @param schedule      id of the instance's schedule that made it, so that schedule's retention
 *                      deletes only its own backups; absent for a backup made by hand (and in
 *                      manifests written before schedules made backups)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(int formatVersion, String instance, String id, String kind, Instant time, String parent,
                             long virtualSize, long dataBytes, String compression, String encryption,
                             List<FileEntry> files, String hurdvmVersion, String schedule) {
    public static final int FORMAT_VERSION = 1;
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String DISK_FILE = "disk.qcow2";
    public static final String SPEC_FILE = "spec.json";

    /** One stored file of the backup. */
    public record FileEntry(String name, long size, String sha256) {
        public FileEntry {
            if (name == null || name.contains("/") || name.startsWith(".")) {
                throw new IllegalArgumentException("invalid backup file name: " + name);
            }
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("invalid sha256 for " + name + ": " + sha256);
            }
        }
    }

    public BackupManifest {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(time, "time");
        new BackupId(id);
        if (!FULL.equals(kind) && !INCREMENTAL.equals(kind)) {
            throw new IllegalArgumentException("backup kind must be full or incremental, not " + kind);
        }
        if (INCREMENTAL.equals(kind) != (parent != null)) {
            throw new IllegalArgumentException("an incremental backup needs a parent and a full backup has none");
        }
        files = List.copyOf(files);
        if (schedule != null && schedule.isBlank()) {
            throw new IllegalArgumentException("a backup's schedule id must not be blank; leave it out for a manual backup");
        }
    }

    /** A backup made by hand, not by a schedule. */
    public BackupManifest(int formatVersion, String instance, String id, String kind, Instant time, String parent,
                          long virtualSize, long dataBytes, String compression, String encryption,
                          List<FileEntry> files, String hurdvmVersion) {
        this(formatVersion, instance, id, kind, time, parent, virtualSize, dataBytes, compression, encryption, files, hurdvmVersion, null);
    }

    public BackupId backupId() {
        return new BackupId(id);
    }

    public boolean encrypted() {
        return !"none".equals(encryption);
    }

    /** Bytes stored on the target for this backup (its files; the manifest itself not counted). */
    public long storedBytes() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    public FileEntry file(String logicalName) {
        return files.stream().filter(f -> f.name().equals(logicalName) || f.name().equals(logicalName + GcmChunkedFile.SUFFIX))
                .findFirst().orElseThrow(() -> new IllegalStateException("backup " + id + " has no " + logicalName));
    }
}
