package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.storage.target.BackupTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the newest {@code keepChains} chains (a full backup and its incrementals) and deletes older
 * ones whole, newest link first, so no listed backup ever has a missing parent. Also removes the
 * folders of interrupted backups.
 */
public final class BackupPruner {
    /** @param deleted ids removed, newest first; {@code leftovers} interrupted folders removed */
    public record Result(List<String> deleted, int leftovers) {
    }

    private final InstancePaths paths;

    public BackupPruner(InstancePaths paths) {
        this.paths = paths;
    }

    public Result prune(BackupTarget target, int keepChains) {
        if (keepChains < 1) {
            throw new IllegalArgumentException("--keep must be at least 1 (a chain is one full backup and its incrementals)");
        }
        try (BackupLock lock = BackupLock.acquire(paths.dir(), paths.name())) {
            BackupCatalog catalog = new BackupCatalog(target, paths.name());
            int leftovers = catalog.removeLeftovers();
            List<List<BackupManifest>> chains = new ArrayList<>();
            for (BackupManifest m : catalog.backups()) {
                if (m.parent() == null || chains.isEmpty()) {
                    chains.add(new ArrayList<>());
                }
                chains.getLast().add(m);
            }
            List<String> deleted = new ArrayList<>();
            for (List<BackupManifest> chain : chains.subList(0, Math.max(0, chains.size() - keepChains))) {
                for (BackupManifest m : chain.reversed()) {
                    catalog.delete(m.backupId());
                    deleted.add(m.id());
                }
            }
            return new Result(deleted, leftovers);
        }
    }
}
