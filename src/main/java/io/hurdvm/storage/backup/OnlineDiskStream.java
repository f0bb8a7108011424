package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.QemuWorkDir;
import io.hurdvm.progress.Progress;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.storage.nbd.NbdClient;
import io.hurdvm.storage.nbd.NbdExtent;
import io.hurdvm.storage.target.BackupTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An online backup's disk: QEMU keeps a point-in-time view of the running disk (image fleecing: the
 * old clusters the guest overwrites go to a temporary qcow2) and exports it over NBD on a Unix socket;
 * hurdvm reads it once, all of it or only the extents changed since the last backup, and stores it
 * as one disk stream ({@link DiskStream}), compressed, encrypted when there is a key, and hashed.
 */
final class OnlineDiskStream {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineDiskStream.class);
    private static final String ALLOCATION = "base:allocation";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final InstancePaths paths;
    private final BackupImages images;

    OnlineDiskStream(InstancePaths paths, BackupImages images) {
        this.paths = paths;
        this.images = images;
    }

    /**
     * The empty qcow2 (of the disk's size) that QEMU's fleecing node writes the disk's old clusters to,
     * in its work folder, handed to the user QEMU runs as; the fleece images of a killed backup go first.
     */
    Path fleeceImage(BackupId id, long virtualSize) throws IOException {
        Path work = Files.createDirectories(paths.qemuWorkDir());
        try (var leftovers = Files.newDirectoryStream(work, "{backup,fleece}-*.qcow2")) {
            for (Path old : leftovers) {
                Files.deleteIfExists(old); // from a backup that was killed
            }
        }
        Path fleece = work.resolve("fleece-" + id.value() + ".qcow2");
        try {
            images.createTarget(fleece, virtualSize);
            Files.setPosixFilePermissions(fleece, OWNER_ONLY);
            QemuWorkDir.handOver(fleece);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fleece);
            throw e;
        }
        return fleece;
    }

    private static void closeExport(FleecingExport export, Path socket) {
        try {
            export.close();
        } finally {
            deleteQuietly(socket);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover: the next backup removes it (fleeceImage)
        }
    }

    /**
     * The stored disk stream, the disk bytes read for it (of the changed extents only, for an
     * incremental) and the removal of its export, which runs while the manifest is written.
     */
    record Stored(BackupManifest.FileEntry entry, long readBytes, CompletableFuture<Void> teardown) {
    }

    /**
     * The export's removal, after the backup is stored: a failure there (a QMP call refused) leaves
     * at worst a frozen bitmap that the next backup merges back ({@link FleecingExport#removeStale}),
     * which makes that one larger but no less exact; the stored backup is whole, so it stays.
     */
    static void awaitTeardown(CompletableFuture<Void> teardown, String instance) {
        try {
            teardown.join();
        } catch (CompletionException e) {
            LOG.warn("backup of {} is stored, but removing its NBD export failed: {}", instance, e.getCause().getMessage());
        }
    }

    /** Exports the disk's point-in-time view, reads what {@code decision} needs of it and stores it as one stream. */
    Stored store(QmpExecutor vm, BackupTarget target, BackupId id, ChainDecision decision, Path fleece, long virtualSize,
                 BackupOptions options, Progress progress, PhaseClock clock) throws IOException {
        Path socket = QemuWorkDir.socket(paths, "nbd.sock"); // where QEMU, perhaps as another user, can bind it
        Files.deleteIfExists(socket);
        boolean full = !decision.incremental();
        String name = options.key().isPresent() ? BackupManifest.DISK_STREAM + GcmChunkedFile.SUFFIX : BackupManifest.DISK_STREAM;
        progress.step((options.key().isPresent() ? "reading, encrypting and storing " : "reading and storing ") + name);
        FleecingExport export = FleecingExport.start(vm, id.value(), full, fleece, socket);
        try {
            clock.lap("export-start");
            String context = export.dirtyContext().orElse(ALLOCATION);
            MessageDigest sha = Sha256.digest();
            long[] written = new long[1];
            long[] read = new long[1];
            try (NbdClient nbd = NbdClient.connect(socket, FleecingExport.EXPORT, List.of(context));
                 ReadDeadline deadline = new ReadDeadline(nbd, options.timeout())) {
                int contextId = nbd.contextId(context).orElseThrow();
                clock.lap("nbd-connect");
                IntFunction<DiskStream.Action> action = full
                        ? flags -> (flags & NbdExtent.ZERO) != 0 ? DiskStream.Action.ZERO : DiskStream.Action.READ
                        : flags -> (flags & NbdExtent.DIRTY) != 0 ? DiskStream.Action.READ : DiskStream.Action.SKIP;
                try {
                    target.write(BackupLayout.key(paths.name(), id, name), virtualSize, out -> {
                    CountingOutputStream counted = new CountingOutputStream(out);
                    DigestOutputStream hashed = new DigestOutputStream(counted, sha);
                    // closing ends the stream, not the target's file (the target fsyncs and renames it after)
                    OutputStream plain = options.key().isPresent() ? GcmChunkedFile.encrypting(counted, options.key().get(), sha)
                            : CloseShieldOutputStream.wrap(hashed);
                    try (plain) {
                        read[0] = DiskStream.write(nbd, contextId, action, plain, options.speedBytesPerSec()).readBytes();
                    }
                    clock.lap("read-compress-encrypt-write");
                    counted.flush();
                    written[0] = counted.getByteCount();
                    }, paths.dir().resolve("backup-staging").resolve(name + ".upload"), (what, done, total) -> progress.bytes("disk", done, total));
                } catch (RuntimeException e) {
                    throw deadline.explain(e, "backup of " + paths.name());
                }
            }
            clock.lap("target-sync");
            export.succeeded();
            BackupManifest.FileEntry entry = new BackupManifest.FileEntry(name, written[0], HexFormat.of().formatHex(sha.digest()));
            // QEMU's export, job and node go (~90 ms of QMP calls) while the manifest is written.
            CompletableFuture<Void> teardown = new CompletableFuture<>();
            Thread.ofPlatform().name("backup-export-removal").daemon().start(() -> {
                try {
                    closeExport(export, socket);
                    teardown.complete(null);
                } catch (Throwable e) {
                    teardown.completeExceptionally(e);
                }
            });
            return new Stored(entry, read[0], teardown);
        } catch (Throwable e) {
            try {
                closeExport(export, socket);
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }
}
