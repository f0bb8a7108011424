package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.progress.Progress;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.storage.target.BackupTarget;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * Takes a backup of one instance. Online (a {@link QmpExecutor} to the running VM) its disk is read
 * from QEMU's point-in-time export ({@link OnlineDiskStream}); offline it converts the disk with qemu-img. The backup is built in a staging folder,
 * its data files are stored first and {@code manifest.json} last, so an interrupted backup is never
 * listed. Needs only the instance's paths and, when running, a QMP executor: the CLI passes the
 * supervisor's control socket, the supervisor its own QMP client.
 */
public final class BackupService {
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
            OnlineDiskStream stream = new OnlineDiskStream(paths, images);
            qmp.ifPresent(FleecingExport::removeStale); // before the bitmap is judged: merges a killed run's frozen bits back
            online.ifPresent(OnlineExport::removeStaleJobs);
            boolean bitmapUsable = online.map(OnlineExport::bitmapUsable).orElse(false);
            long onlineSize = online.map(OnlineExport::virtualSize).orElse(0L);
            if (online.isPresent()) {
                fleece = Optional.of(stream.fleeceImage(id, onlineSize));
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
                OnlineDiskStream.Stored stored = stream.store(qmp.get(), target, id, decision, fleece.orElseThrow(), virtualSize, options, progress,
                        clock);
                entries.add(stored.entry());
                teardown = stored.teardown();
                dataBytes = decision.incremental() ? stored.readBytes() : virtualSize;
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
            OnlineDiskStream.awaitTeardown(teardown, instance);

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
            fleece.ifPresent(OnlineDiskStream::deleteQuietly);
            StagingDir.delete(staging);
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
