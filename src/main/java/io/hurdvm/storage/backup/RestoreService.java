package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceProcesses;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.nbd.NbdClient;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds a standalone instance from a backup chain: decide whether every link may be believed
 * ({@link BackupTrust}) before anything is fetched, fetch every link (checking its SHA-256), decrypt
 * (checking every tag), refuse any layer that is not a self-contained qcow2, point each incremental at
 * its parent ({@code qemu-img rebase -u}), flatten a chain with incrementals into one qcow2 (a lone full
 * backup already is one) and create a new instance
 * around it with the backed-up settings, validated and narrowed by {@link RestoredSpec}, under the new name.
 * A chain of disk streams (format 3) is instead written into a new qcow2 while it is fetched
 * ({@link StreamApplier}); the staging folder, with whatever was written, goes on any failure.
 */
public final class RestoreService {
    private final InstanceStore store;
    private final BackupImages images;

    public RestoreService(InstanceStore store, BackupImages images) {
        this.store = store;
        this.images = images;
    }

    /** @param networkNotTaken the backup's network settings left out (see {@link RestoredSpec.Result#notTaken}) */
    public record RestoreResult(InstancePaths instance, List<BackupManifest> chain, TransferSummary summary, List<String> networkNotTaken) {
    }

    public RestoreResult restore(BackupTarget target, RestoreRequest request, Progress progress) {
        Instant start = Instant.now();
        PhaseClock clock = new PhaseClock("restore");
        CryptoWarmup.start(); // runs while the catalog is read and checked
        InstanceName newName = request.newName();
        BackupId id = request.id();
        if (store.exists(newName)) {
            if (!request.replace()) {
                throw new BackupException(ErrorKind.CONFLICT, "instance " + newName + " already exists: restore --as another name, or pass --replace to overwrite it");
            }
            InstanceState recorded = store.readState(newName).orElse(InstanceState.created());
            if (InstanceProcesses.of(store.paths(newName), recorded).anyAlive()) {
                throw new BackupException(ErrorKind.CONFLICT, "instance " + newName + " is running: stop it with 'hurdvm down " + newName + "' before replacing it");
            }
        }
        BackupCatalog catalog = new BackupCatalog(target, request.sourceInstance());
        List<BackupManifest> all = catalog.backups();
        List<BackupManifest> chain = catalog.chain(id, all);
        BackupTrust trust = BackupTrust.of(request.key(), all, request.allowUnencrypted());
        if (request.key().isEmpty() && chain.stream().anyMatch(BackupManifest::encrypted)) {
            throw new BackupException(ErrorKind.BAD_INPUT, "backup " + id + " is encrypted: pass --key-file (or set HURDVM_BACKUP_KEY_FILE)");
        }
        chain.forEach(trust::require);
        chain.forEach(BackupManifest::disk);
        boolean stream = chain.getFirst().diskStream();
        if (chain.stream().anyMatch(link -> link.diskStream() != stream || stream && link.virtualSize() != chain.getFirst().virtualSize())) {
            throw new BackupException(ErrorKind.DAMAGED, "backup " + id + "'s chain mixes disk formats or sizes, which hurdvm never writes: refused");
        }
        if (chain.getLast().file(BackupManifest.SPEC_FILE).size() > RestoredSpec.MAX_STORED_BYTES) {
            throw new BackupException("backup " + id + "'s spec.json is larger than any hurdvm writes: refused");
        }
        Path staging = store.workFolder(newName, "restoring");
        StagingDir.reset(staging);
        clock.lap("catalog-and-trust");
        try {
            ChainFetcher fetcher = new ChainFetcher(target, request.key(), progress);
            Path previous = null;
            long read = 0;
            for (BackupManifest link : chain) {
                Path dir = Files.createDirectory(staging.resolve(link.id()));
                // a disk stream is not fetched here: applyStreams streams it onto the new disk
                read += fetcher.fetch(link, dir, stream ? Set.of(BackupManifest.DISK_STREAM) : Set.of());
                clock.lap("fetch-and-decrypt-" + link.id());
                if (stream) {
                    continue;
                }
                Path disk = dir.resolve(BackupManifest.DISK_FILE);
                images.requireSelfContainedQcow2(disk, "backup " + link.id() + "'s disk");
                if (previous != null) {
                    images.rebaseOnto(disk, previous);
                }
                previous = disk;
                clock.lap("check-image-" + link.id());
            }
            RestoredSpec.Result spec = RestoredSpec.restore(Files.readAllBytes(staging.resolve(id.value()).resolve(BackupManifest.SPEC_FILE)),
                    newName, request.trustNetwork());
            Path restored;
            if (stream) {
                restored = staging.resolve("restored.qcow2");
                read += applyStreams(chain, new StreamApplier(fetcher), restored, newName, progress, clock);
            } else {
                restored = standalone(chain, previous, staging.resolve("restored.qcow2"), progress);
            }
            clock.lap("standalone-disk");
            Files.setPosixFilePermissions(restored, PosixFilePermissions.fromString("rw-------"));
            if (request.replace() && store.exists(newName)) {
                store.remove(newName);
            }
            clock.lap("remove-replaced");
            InstancePaths created = store.create(spec.spec(), (s, disk) -> move(restored, disk));
            GuestIdentity.copy(store, request.sourceInstance(), created);
            long written = Files.size(created.disk());
            clock.lap("create-instance");
            return new RestoreResult(created, chain, new TransferSummary(read, written, Duration.between(start, Instant.now())), spec.notTaken());
        } catch (IOException e) {
            throw new UncheckedIOException("restore of " + id + " failed: " + e.getMessage(), e);
        } finally {
            StagingDir.delete(staging);
        }
    }

    /**
     * A full backup alone already is a standalone qcow2 (checked self-contained above): it becomes the
     * instance's disk as it was decrypted, without a second full write through qemu-img (that copy
     * took as long as fetching and decrypting). Its compressed clusters stay compressed until the guest
     * rewrites them, which QEMU reads as any other. Only a chain with incrementals is flattened.
     */
    private Path standalone(List<BackupManifest> chain, Path top, Path restored, Progress progress) throws IOException {
        if (chain.size() == 1) {
            return Files.move(top, restored, StandardCopyOption.ATOMIC_MOVE);
        }
        progress.step("building a standalone disk from " + chain.size() + " backup(s)");
        images.flatten(top, restored);
        return restored;
    }

    /**
     * Format 3: a new qcow2 of the disk's size, served by qemu-nbd, gets the full backup's extents and
     * then each incremental's, in chain order, each link streamed from the target as it is written
     * ({@link StreamApplier}). Any failure leaves a half-written disk in the staging folder, which
     * the caller deletes: no instance is created around it. @return bytes downloaded
     */
    private long applyStreams(List<BackupManifest> chain, StreamApplier applier, Path restored, InstanceName newName, Progress progress,
            PhaseClock clock) throws IOException {
        long size = chain.getFirst().virtualSize();
        long read = 0;
        images.createTarget(restored, size);
        progress.step("writing the disk from " + chain.size() + " backup(s)");
        Path socket = nbdSocket(restored, newName);
        try (QemuNbdServer server = QemuNbdServer.serve(restored, socket)) {
            try (NbdClient disk = NbdClient.connect(socket, QemuNbdServer.EXPORT, List.of())) {
                NbdDiskSink sink = new NbdDiskSink(disk, true); // images.createTarget made it: it reads as zeroes
                for (BackupManifest link : chain) {
                    read += applier.apply(link, size, sink);
                    disk.awaitWrites(); // this link's writes are all done before the next link's begin
                    sink.written();
                    clock.lap("stream-" + link.id());
                }
                disk.flush();
                clock.lap("flush");
            }
            server.awaitCleanExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("restore interrupted");
        } finally {
            Files.deleteIfExists(socket); // outside the staging folder when the path was too long there
        }
        return read;
    }

    /**
     * Where qemu-nbd listens: beside the new disk in the private staging folder, or, when that path is
     * too long for a socket address (a long HURDVM_HOME), in the new instance's private socket folder
     * in the runtime folder, where its other sockets go then ({@link InstancePaths#socketDir}).
     */
    private Path nbdSocket(Path restored, InstanceName newName) throws IOException {
        Path beside = restored.resolveSibling("nbd.sock").toAbsolutePath();
        if (InstancePaths.socketPathFits(beside)) {
            return beside;
        }
        // Named by this process, as the staging folder is: two restores --as one name do not share it.
        Path socket = store.paths(newName).ensureSocketDir().resolve("restore-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(socket); // a killed restore's with this pid: qemu-nbd binds a new one
        return socket;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the restored disk into place: " + e.getMessage(), e);
        }
    }
}
