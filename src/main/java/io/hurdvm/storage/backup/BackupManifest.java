package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.vm.InstanceName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
 * @param mac           for an encrypted backup, {@code hmac-sha256:<hex>} over every other field (see
 *                      {@link ManifestMac}), so a target cannot forge or alter what the backup claims
 *                      (its chain, files, hashes, encryption); absent for unencrypted backups and in
 *                      format 1 manifests
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(int formatVersion, String instance, String id, String kind, Instant time, String parent,
                             long virtualSize, long dataBytes, String compression, String encryption,
                             List<FileEntry> files, String hurdvmVersion, String schedule, String mac) {
    /** 2: encrypted backups carry {@link #mac}. Format 1 manifests (no mac) are still read. */
    public static final int FORMAT_VERSION = 2;
    /** 3: the disk is a {@link DiskStream} ({@link #DISK_STREAM}) read once through NBD; older hurdvm refuses it. */
    public static final int STREAM_FORMAT_VERSION = 3;
    public static final String NO_ENCRYPTION = "none";
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String DISK_FILE = "disk.qcow2";
    public static final String DISK_STREAM = "disk.hvds";
    public static final String SPEC_FILE = "spec.json";

    /** One stored file of the backup: {@code disk.qcow2} or {@code spec.json}, with {@code .hvenc} when encrypted. */
    public record FileEntry(String name, long size, String sha256) {
        private static final Set<String> NAMES = Set.of(DISK_FILE, SPEC_FILE, DISK_STREAM, DISK_FILE + GcmChunkedFile.SUFFIX,
                SPEC_FILE + GcmChunkedFile.SUFFIX, DISK_STREAM + GcmChunkedFile.SUFFIX);

        public FileEntry {
            if (name == null || !NAMES.contains(name)) {
                throw new IllegalArgumentException("invalid backup file name: " + name + " (expected one of " + new TreeSet<>(NAMES) + ")");
            }
            if (size < 0) {
                throw new IllegalArgumentException("negative size for " + name + ": " + size);
            }
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("invalid sha256 for " + name + ": " + sha256);
            }
        }

        /** The name without {@code .hvenc}: what the file is once decrypted. */
        public String logicalName() {
            return encrypted() ? name.substring(0, name.length() - GcmChunkedFile.SUFFIX.length()) : name;
        }

        public boolean encrypted() {
            return name.endsWith(GcmChunkedFile.SUFFIX);
        }
    }

    public BackupManifest {
        if (formatVersion < 1 || formatVersion > STREAM_FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest format " + formatVersion + " is not one this hurdvm reads (1-" + STREAM_FORMAT_VERSION
                    + "): a newer hurdvm wrote it");
        }
        InstanceName.of(Objects.requireNonNull(instance, "instance"));
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(encryption, "encryption");
        new BackupId(id);
        if (!FULL.equals(kind) && !INCREMENTAL.equals(kind)) {
            throw new IllegalArgumentException("backup kind must be full or incremental, not " + kind);
        }
        if (INCREMENTAL.equals(kind) != (parent != null)) {
            throw new IllegalArgumentException("an incremental backup needs a parent and a full backup has none");
        }
        if (parent != null) {
            new BackupId(parent);
        }
        if (virtualSize < 0 || dataBytes < 0) {
            throw new IllegalArgumentException("virtualSize and dataBytes must not be negative");
        }
        files = List.copyOf(Objects.requireNonNull(files, "files"));
        if (files.stream().map(FileEntry::logicalName).distinct().count() != files.size()) {
            throw new IllegalArgumentException("a backup stores each of disk.qcow2 and spec.json once, not " + files.stream().map(FileEntry::name).toList());
        }
        boolean stream = files.stream().anyMatch(f -> f.logicalName().equals(DISK_STREAM));
        if (stream != (formatVersion >= STREAM_FORMAT_VERSION) || stream && files.stream().anyMatch(f -> f.logicalName().equals(DISK_FILE))) {
            throw new IllegalArgumentException("a format " + formatVersion + " backup stores its disk as "
                    + (formatVersion >= STREAM_FORMAT_VERSION ? DISK_STREAM : DISK_FILE) + ", not " + files.stream().map(FileEntry::name).toList());
        }
        if (schedule != null && schedule.isBlank()) {
            throw new IllegalArgumentException("a backup's schedule id must not be blank; leave it out for a manual backup");
        }
    }

    /** A manifest as written before {@link #mac} existed, or an unencrypted one. */
    public BackupManifest(int formatVersion, String instance, String id, String kind, Instant time, String parent,
                          long virtualSize, long dataBytes, String compression, String encryption,
                          List<FileEntry> files, String hurdvmVersion, String schedule) {
        this(formatVersion, instance, id, kind, time, parent, virtualSize, dataBytes, compression, encryption, files, hurdvmVersion,
                schedule, null);
    }

    /** A backup made by hand, not by a schedule. */
    public BackupManifest(int formatVersion, String instance, String id, String kind, Instant time, String parent,
                          long virtualSize, long dataBytes, String compression, String encryption,
                          List<FileEntry> files, String hurdvmVersion) {
        this(formatVersion, instance, id, kind, time, parent, virtualSize, dataBytes, compression, encryption, files, hurdvmVersion, null, null);
    }

    public BackupManifest withMac(String newMac) {
        return new BackupManifest(formatVersion, instance, id, kind, time, parent, virtualSize, dataBytes, compression, encryption, files,
                hurdvmVersion, schedule, newMac);
    }

    public BackupId backupId() {
        return new BackupId(id);
    }

    public boolean encrypted() {
        return !NO_ENCRYPTION.equals(encryption);
    }

    /** Bytes stored on the target for this backup (its files; the manifest itself not counted). */
    public long storedBytes() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    /** The disk is a {@link DiskStream} (format 3), not a qcow2. */
    public boolean diskStream() {
        return formatVersion >= STREAM_FORMAT_VERSION;
    }

    /** The stored disk: {@link #DISK_STREAM} or {@link #DISK_FILE} by format. */
    public FileEntry disk() {
        return file(diskStream() ? DISK_STREAM : DISK_FILE);
    }

    public FileEntry file(String logicalName) {
        return files.stream().filter(f -> f.logicalName().equals(logicalName))
                .findFirst().orElseThrow(() -> new BackupException(ErrorKind.DAMAGED, "backup " + id + " has no " + logicalName + ": its manifest is incomplete"));
    }
}
