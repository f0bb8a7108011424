package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.progress.Progress;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.RateLimitedListener;
import io.hurdvm.storage.target.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies an instance's backups from one target to another (directory or S3, either way), as a second
 * place to restore from. Every link of every chain goes along, parents first, so each copied backup
 * restores from the destination alone. Nothing is believed that restore would refuse: with a key every
 * manifest must authenticate and every encryption tag check out before the file is sent (so a copy never
 * launders a planted or downgraded backup into the second place); without one the same trust rules as
 * restore apply and hashes are checked. Each file passes through a local staging file, checked against
 * its manifest, is uploaded, and is read back from the destination before the manifest goes up last:
 * a backup is visible at the destination only once all of it is there and correct.
 *
 * <p>Idempotent and resumable: a backup the destination holds with the same manifest is skipped, and a
 * data file an interrupted copy left complete (same size and SHA-256) is kept, so a second run sends
 * nothing and a cut-off run resumes at the file it was in. Folders without a manifest at the destination
 * are therefore kept (they are the resumable part); only dead partial uploads are removed.
 */
public final class BackupCopier {
    private final Path instanceDir;
    private final Path staging;

    /**
     * @param instanceDir the instance's folder on this host, whose backup lock the copy holds (so a backup or
     *                    prune of the instance here cannot take a half-copied folder for a leftover); may not exist
     * @param staging     a folder of its own for files in passage; created and removed by each copy
     */
    public BackupCopier(Path instanceDir, Path staging) {
        this.instanceDir = instanceDir;
        this.staging = staging;
    }

    /**
     * Stages in the instance's folder when it lives on this host (under its backup lock), else in a hidden
     * per-process folder beside the instances (backups outlive their instance; copying them still works).
     */
    public static BackupCopier forInstance(InstancePaths paths) {
        Path dir = paths.dir();
        Path staging = Files.isDirectory(dir) ? dir.resolve("copy-staging")
                : dir.resolveSibling(".copy-staging-" + paths.name() + "-" + ProcessHandle.current().pid());
        return new BackupCopier(dir, staging);
    }

    public CopyResult copy(BackupTarget from, BackupTarget to, CopyRequest request, Progress progress) {
        Instant start = Instant.now();
        String instance = request.instance();
        progress.step("reading " + from.uri());
        BackupCatalog source = new BackupCatalog(from, instance);
        List<BackupManifest> all = source.backups();
        List<BackupManifest> todo = withChains(source, all, request.wanted());
        progress.step("reading " + to.uri());
        List<BackupCatalog.Entry> destination = new BackupCatalog(to, instance).entries();
        Map<String, BackupManifest> there = new HashMap<>();
        destination.forEach(e -> e.manifest().ifPresent(m -> there.put(m.id(), m)));
        // Decided before anything moves, on what both targets show: a target holding encrypted backups
        // of the instance on either side makes an unencrypted one suspect, as for restore.
        BackupTrust trust = BackupTrust.of(request.key(), Stream.concat(all.stream(), there.values().stream()).toList(),
                request.allowUnencrypted());
        for (BackupManifest m : todo) {
            trust.problem(m).ifPresent(p -> {
                throw new BackupException("not copied: " + p);
            });
        }
        Map<String, StoredObject> stored = new HashMap<>();
        destination.forEach(e -> e.objects().forEach(o -> stored.put(o.key(), o)));
        Counts counts = new Counts();
        List<String> copied = new ArrayList<>();
        List<String> alreadyThere = new ArrayList<>();
        try (BackupLock lock = BackupLock.acquire(instanceDir, instance)) {
            to.removeAbandonedUploads(BackupLayout.instancePrefix(instance));
            StagingDir.reset(staging);
            for (BackupManifest m : todo) {
                BackupManifest existing = there.get(m.id());
                if (existing != null) {
                    if (!existing.equals(m)) {
                        throw new BackupException("backup " + m.id() + " is on " + to.uri() + " already, with a different manifest:"
                                + " not overwritten; delete it there if it is not yours, or check who wrote it");
                    }
                    alreadyThere.add(m.id());
                    continue;
                }
                copyOne(from, to, m, stored, trust.key(), request.speedBytesPerSec(), counts, progress);
                copied.add(m.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copy of " + instance + " to " + to.uri() + " failed: " + e.getMessage(), e);
        } finally {
            StagingDir.delete(staging);
        }
        boolean authenticated = trust.key().isPresent();
        return new CopyResult(from.uri(), to.uri(), copied, alreadyThere, counts.sent, counts.reused, authenticated,
                new TransferSummary(counts.bytesRead, counts.bytesSent, Duration.between(start, Instant.now())));
    }

    private static final class Counts {
        int sent;
        int reused;
        long bytesRead;
        long bytesSent;
    }

    /**
     * The wanted backups with every ancestor, parents first; all of them when none is named. A chain with a
     * missing link is refused: its copy could not be restored either.
     */
    static List<BackupManifest> withChains(BackupCatalog source, List<BackupManifest> all, List<String> wanted) {
        List<BackupId> ids = wanted.isEmpty() ? all.stream().map(BackupManifest::backupId).toList()
                : wanted.stream().map(w -> source.resolve(w, all)).distinct().toList();
        Map<String, BackupManifest> ordered = new LinkedHashMap<>();
        for (BackupId id : ids.stream().sorted().toList()) {
            for (BackupManifest link : source.chain(id, all)) {
                ordered.putIfAbsent(link.id(), link);
            }
        }
        return List.copyOf(ordered.values());
    }

    private void copyOne(BackupTarget from, BackupTarget to, BackupManifest m, Map<String, StoredObject> stored,
                         Optional<BackupKey> key, long speed, Counts counts, Progress progress) throws IOException {
        for (BackupManifest.FileEntry f : m.files()) {
            String objectKey = StoredFiles.key(m, f);
            StoredObject left = stored.get(objectKey);
            if (left != null && left.size() == f.size()) {
                progress.step("checking " + m.id() + "/" + f.name() + " left on " + to.uri() + " by an earlier copy");
                CountingDigest there = StoredFiles.digest(to, m, f, progress);
                if (StoredFiles.matches(f, there)) {
                    counts.reused++;
                    counts.bytesRead += f.size();
                    continue;
                }
            }
            Path local = staging.resolve(f.name());
            progress.step("reading " + m.id() + "/" + f.name() + " from " + from.uri());
            StoredFiles.fetchChecked(from, m, f, local, progress);
            counts.bytesRead += f.size();
            if (key.isPresent() && f.encrypted()) {
                checkTags(m, f, local, key.get());
            }
            progress.step("copying " + m.id() + "/" + f.name() + " to " + to.uri());
            to.put(objectKey, local, RateLimitedListener.of((what, done, total) -> progress.bytes(f.name(), done, total), speed));
            Files.delete(local);
            counts.sent++;
            counts.bytesSent += f.size();
            progress.step("reading back " + m.id() + "/" + f.name() + " from " + to.uri());
            CountingDigest back = StoredFiles.digest(to, m, f, progress);
            if (!StoredFiles.matches(f, back)) {
                to.delete(objectKey);
                throw new BackupException("copy of backup " + m.id() + " failed: " + to.uri() + " holds other bytes of " + f.name()
                        + " than were sent (" + back.bytes() + " bytes, sha256 " + back.sha256() + "); nothing of it is listed there");
            }
        }
        Path manifest = staging.resolve(BackupLayout.MANIFEST);
        // What was checked is what goes up: the parsed manifest, so no unread bytes of the source's file travel along.
        OwnerOnlyFiles.writeAtomically(manifest, JsonFiles.MAPPER.writeValueAsBytes(m));
        to.put(BackupLayout.key(m.instance(), m.backupId(), BackupLayout.MANIFEST), manifest, (w, d, t) -> { });
        Files.delete(manifest);
    }

    /** With the key, an encrypted file is decrypted to nowhere before it is sent: what restore would refuse never travels. */
    private static void checkTags(BackupManifest m, BackupManifest.FileEntry f, Path local, BackupKey key) throws IOException {
        try (InputStream in = Files.newInputStream(local)) {
            GcmChunkedFile.decrypt(in, OutputStream.nullOutputStream(), key, f.name());
        } catch (BackupException e) {
            throw new BackupException("not copied: backup " + m.id() + ": " + e.getMessage(), e);
        }
    }
}
