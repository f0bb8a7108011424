package io.hurdvm.storage.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds a standalone instance from a backup chain: fetch every link (checking its SHA-256),
 * decrypt, point each incremental at its parent ({@code qemu-img rebase -u}), flatten the top into
 * one qcow2 and create a new instance around it with the backed-up settings under the new name.
 */
public final class RestoreService {
    private final InstanceStore store;
    private final BackupImages images;

    public RestoreService(InstanceStore store, BackupImages images) {
        this.store = store;
        this.images = images;
    }

    public record RestoreResult(InstancePaths instance, List<BackupManifest> chain, TransferSummary summary) {
    }

    public RestoreResult restore(BackupTarget target, String sourceInstance, BackupId id, InstanceName newName, boolean replace,
                                 Optional<BackupKey> key, BackupProgress progress) {
        Instant start = Instant.now();
        if (store.exists(newName)) {
            if (!replace) {
                throw new BackupException("instance " + newName + " already exists: restore --as another name, or pass --replace to overwrite it");
            }
            if (SupervisorLiveness.liveSupervisor(store.paths(newName)).isPresent()) {
                throw new BackupException("instance " + newName + " is running: stop it with 'hurdvm down " + newName + "' before replacing it");
            }
        }
        List<BackupManifest> chain = new BackupCatalog(target, sourceInstance).chain(id);
        if (key.isEmpty() && chain.stream().anyMatch(BackupManifest::encrypted)) {
            throw new BackupException("backup " + id + " is encrypted: pass --key-file (or set HURDVM_BACKUP_KEY_FILE)");
        }
        Path staging = store.instancesDir().resolve(".restore-" + newName.value() + "-" + ProcessHandle.current().pid());
        StagingDir.reset(staging);
        try {
            ChainFetcher fetcher = new ChainFetcher(target, sourceInstance, key, progress);
            Path previous = null;
            long read = 0;
            for (BackupManifest link : chain) {
                Path dir = Files.createDirectory(staging.resolve(link.id()));
                read += fetcher.fetch(link, dir);
                Path disk = dir.resolve(BackupManifest.DISK_FILE);
                if (previous != null) {
                    images.rebaseOnto(disk, previous);
                }
                previous = disk;
            }
            progress.step("building a standalone disk from " + chain.size() + " backup(s)");
            Path restored = staging.resolve("restored.qcow2");
            images.flatten(previous, restored);
            VmSpec spec = renamedSpec(staging.resolve(id.value()).resolve(BackupManifest.SPEC_FILE), newName);
            if (replace && store.exists(newName)) {
                store.remove(newName);
            }
            InstancePaths created = store.create(spec, (s, disk) -> move(restored, disk));
            GuestIdentity.copy(store, sourceInstance, created);
            long written = Files.size(created.disk());
            return new RestoreResult(created, chain, new TransferSummary(read, written, Duration.between(start, Instant.now())));
        } catch (IOException e) {
            throw new UncheckedIOException("restore of " + id + " failed: " + e.getMessage(), e);
        } finally {
            StagingDir.delete(staging);
        }
    }

    private static VmSpec renamedSpec(Path specFile, InstanceName newName) throws IOException {
        ObjectNode json = (ObjectNode) JsonFiles.MAPPER.readTree(specFile.toFile());
        json.put("name", newName.value());
        return JsonFiles.MAPPER.treeToValue(json, StoredSpec.class).toSpec();
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the restored disk into place: " + e.getMessage(), e);
        }
    }
}
