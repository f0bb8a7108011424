package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.QemuWorkDir;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.progress.Progress;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.storage.nbd.NbdClient;
import io.hurdvm.storage.nbd.NbdExtent;
import io.hurdvm.storage.target.BackupTarget;
import java.io.OutputStream;
import java.util.function.IntFunction;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a backup of one instance. Online (a {@link QmpExecutor} to the running VM) it uses QEMU's
 * backup job; offline it converts the disk with qemu-img. The backup is built in a staging folder,
 * its data files are stored first and {@code manifest.json} last, so an interrupted backup is never
 * listed. Needs only the instance's paths and, when running, a QMP executor: the CLI passes the
 * supervisor's control socket, the supervisor its own QMP client.
 */
public final class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final String ALLOCATION = "base:allocation";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final InstancePaths paths;
    private final Optional<QmpExecutor> qmp;
    private final BackupImages images;
    private final String hurdvmVersion;

    public BackupService(InstancePaths paths, Optional<QmpExecutor> runningVm, BackupImages images, String hurdvmVersion) {
        this.paths = paths;
        this.qmp = runningVm;
        this.images = images;
        this.hurdvmVersion = hurdvmVersion;
    }

    public BackupResult create(BackupTarget target, BackupOptions options, Progress progress) {
        Instant start = Instant.now();
        // An unreadable status file must not stop a backup: it is rebuilt from this attempt on.
        BackupStatus status = readStatus().withMaxAge(options.maxAgeSeconds());
        try (BackupLock lock = BackupLock.acquire(paths.dir(), paths.name())) {
            BackupResult result = createLocked(target, options, progress, start);
            BackupStatus.write(paths.dir(), status.succeeded(Instant.now().getEpochSecond(), secondsSince(start), result.manifest().storedBytes()));
            return result;
        } catch (RuntimeException e) {
            BackupStatus.write(paths.dir(), status.failed(secondsSince(start)));
            throw e;
        }
    }

    private BackupStatus readStatus() {
        try {
            return BackupStatus.read(paths.dir()).orElse(BackupStatus.never(null));
        } catch (RuntimeException e) {
            return BackupStatus.never(null);
        }
    }

    private static double secondsSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    private BackupResult createLocked(BackupTarget target, BackupOptions options, Progress progress, Instant start) {
        String instance = paths.name();
        PhaseClock clock = new PhaseClock("backup");
        CryptoWarmup.start(); // runs while QEMU copies the disk
        progress.step("checking " + target.uri());
        // The target's listing and the VM's checks and fleece image (which do not depend on it) at once.
        CatalogListing listing = CatalogListing.start(new BackupCatalog(target, instance));
        Path staging = paths.dir().resolve("backup-staging");
        Optional<Path> fleece = Optional.empty();
        CompletableFuture<Void> teardown = CompletableFuture.completedFuture(null);
        BackupId id = BackupId.at(start);
        try {
            StagingDir.reset(staging);
            Optional<OnlineExport> online = qmp.map(OnlineExport::new);
            qmp.ifPresent(FleecingExport::removeStale); // before the bitmap is judged: merges a killed run's frozen bits back
            online.ifPresent(OnlineExport::removeStaleJobs);
            boolean bitmapUsable = online.map(OnlineExport::bitmapUsable).orElse(false);
            long onlineSize = online.map(OnlineExport::virtualSize).orElse(0L);
            if (online.isPresent()) {
                fleece = Optional.of(fleeceImage(id, onlineSize));
            }
            clock.lap("vm-checks-and-fleece-image");
            List<BackupManifest> backups = listing.backups();
            int leftovers = listing.leftovers();
            clock.lap("catalog (waited for)");
            ChainState previous = ChainState.read(paths.dir());
            ChainDecision decision = ChainDecision.decide(options.forceFull(), online.isPresent(), bitmapUsable, previous, target.uri(),
                    backups, options.maxIncrementals(), BackupTrust.of(options.key(), backups, true));
            ChainState.markInFlight(paths.dir(), previous, target.uri());
            clock.lap("chain");

            Path disk = staging.resolve(BackupManifest.DISK_FILE);
            long virtualSize;
            long dataBytes;
            List<BackupManifest.FileEntry> entries = new ArrayList<>();
            if (online.isPresent()) {
                virtualSize = onlineSize;
                progress.step("backing up " + instance + " (" + (decision.incremental() ? "incremental" : "full") + ": " + decision.reason() + ")");
                long[] read = new long[1];
                Streamed streamed = streamOnline(qmp.get(), target, id, decision, fleece.orElseThrow(), virtualSize, options, progress, read, clock);
                entries.add(streamed.entry());
                teardown = streamed.teardown();
                dataBytes = decision.incremental() ? read[0] : virtualSize;
            } else {
                progress.step("backing up " + instance + " (full: " + decision.reason() + ")");
                images.convertCompressed(paths.disk(), disk);
                Files.setPosixFilePermissions(disk, OWNER_ONLY);
                virtualSize = images.virtualSize(disk);
                dataBytes = virtualSize;
            }
            clock.lap("disk-image");
            OwnerOnlyFiles.writeAtomically(staging.resolve(BackupManifest.SPEC_FILE), Files.readAllBytes(paths.specFile()));

            for (String name : online.isPresent() ? List.of(BackupManifest.SPEC_FILE) : List.of(BackupManifest.DISK_FILE, BackupManifest.SPEC_FILE)) {
                entries.add(store(target, BackupLayout.key(instance, id, options.key().isPresent() ? name + GcmChunkedFile.SUFFIX : name),
                        staging.resolve(name), options.key(), progress));
                clock.lap("store-" + name);
            }
            BackupManifest unsealed = new BackupManifest(online.isPresent() ? BackupManifest.STREAM_FORMAT_VERSION : BackupManifest.FORMAT_VERSION,
                    instance, id.value(), decision.incremental() ? BackupManifest.INCREMENTAL : BackupManifest.FULL, start.truncatedTo(ChronoUnit.SECONDS),
                    decision.parent().map(BackupManifest::id).orElse(null), virtualSize, dataBytes, online.isPresent() ? "hvds-zstd" : "qcow2-zstd",
                    options.key().map(k -> GcmChunkedFile.ALGORITHM + ":" + k.fingerprint()).orElse(BackupManifest.NO_ENCRYPTION), entries,
                    hurdvmVersion, options.schedule().orElse(null));
            BackupManifest manifest = options.key().map(k -> ManifestMac.seal(unsealed, k)).orElse(unsealed);
            Path manifestFile = staging.resolve(BackupLayout.MANIFEST);
            OwnerOnlyFiles.writeAtomically(manifestFile, JsonFiles.MAPPER.writeValueAsBytes(manifest));
            target.put(BackupLayout.key(instance, id, BackupLayout.MANIFEST), manifestFile, (w, d, t) -> { });
            awaitTeardown(teardown, instance);

            boolean chainUsable = online.isPresent() || resetBitmapOffline();
            int incrementals = decision.incremental() ? previous.incrementals() + 1 : 0;
            ChainState.write(paths.dir(), new ChainState(target.uri(), manifest.id(), incrementals, !chainUsable));
            long written = manifest.storedBytes() + Files.size(manifestFile);
            clock.lap("manifest-and-chain-state");
            return new BackupResult(manifest, decision.reason(), new TransferSummary(dataBytes, written, Duration.between(start, Instant.now())), leftovers);
        } catch (IOException e) {
            throw new UncheckedIOException("backup of " + instance + " failed: " + e.getMessage(), e);
        } finally {
            teardown.exceptionally(e -> null).join(); // the export is gone before the lock is released
            listing.awaitQuietly(); // no listing of this backup's target goes on after its lock is released
            fleece.ifPresent(BackupService::deleteQuietly);
            StagingDir.delete(staging);
        }
    }

    /**
     * The empty qcow2 (of the disk's size) that QEMU's fleecing node writes the disk's old clusters to,
     * in its work folder, handed to the user QEMU runs as; the fleece images of a killed backup go first.
     */
    private Path fleeceImage(BackupId id, long virtualSize) throws IOException {
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

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover: the next backup removes it (fleeceImage)
        }
    }

    /** A stored disk stream and the removal of its export, which runs while the manifest is written. */
    private record Streamed(BackupManifest.FileEntry entry, CompletableFuture<Void> teardown) {
    }

    /**
     * The export's removal, after the backup is stored: a failure there (a QMP call refused) leaves
     * at worst a frozen bitmap that the next backup merges back ({@link FleecingExport#removeStale}),
     * which makes that one larger but no less exact; the stored backup is whole, so it stays.
     */
    private static void awaitTeardown(CompletableFuture<Void> teardown, String instance) {
        try {
            teardown.join();
        } catch (CompletionException e) {
            LOG.warn("backup of {} is stored, but removing its NBD export failed: {}", instance, e.getCause().getMessage());
        }
    }

    private Streamed streamOnline(QmpExecutor vm, BackupTarget target, BackupId id, ChainDecision decision, Path fleece, long virtualSize,
                                                  BackupOptions options, Progress progress, long[] read, PhaseClock clock) throws IOException {
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
            return new Streamed(entry, teardown);
        } catch (Throwable e) {
            try {
                closeExport(export, socket);
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /**
     * Stores one staged file, encrypted if there is a key, in one pass: read once, encrypted, hashed
     * and written to the target as one stream (a directory target writes it in place under a hidden
     * name and renames it when complete; S3 goes through a scratch file). The SHA-256 in the manifest
     * is of the bytes stored.
     */
    private static BackupManifest.FileEntry store(BackupTarget target, String key, Path plain, Optional<BackupKey> encryption,
                                                  Progress progress) throws IOException {
        String name = key.substring(key.lastIndexOf('/') + 1);
        progress.step((encryption.isPresent() ? "encrypting and storing " : "storing ") + name);
        long plainSize = Files.size(plain);
        long size = encryption.map(k -> GcmChunkedFile.encryptedSize(plainSize)).orElse(plainSize);
        MessageDigest sha = Sha256.digest();
        long[] written = new long[1];
        target.write(key, size, out -> {
            CountingOutputStream counted = new CountingOutputStream(out);
            try (InputStream in = Files.newInputStream(plain)) {
                if (encryption.isPresent()) {
                    GcmChunkedFile.encrypt(in, plainSize, counted, encryption.get(), sha); // hashed on a thread of its own
                } else {
                    in.transferTo(new DigestOutputStream(counted, sha));
                }
            }
            counted.flush();
            written[0] = counted.getByteCount();
        }, plain.resolveSibling(name + ".upload"), (what, done, total) -> progress.bytes(name, done, total));
        return new BackupManifest.FileEntry(name, written[0], HexFormat.of().formatHex(sha.digest()));
    }

    /** An offline full backup restarts the bitmap so the next online backup can be incremental. */
    private boolean resetBitmapOffline() {
        try {
            images.resetBitmap(paths.disk(), images.hasBitmap(paths.disk()));
            return true;
        } catch (RuntimeException e) {
            return false; // e.g. the VM was started meanwhile: the next backup starts a new chain
        }
    }
}
