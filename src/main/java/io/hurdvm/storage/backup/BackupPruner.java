package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.storage.target.BackupTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deletes backups without ever leaving a listed backup with a missing parent: whole chains (a full
 * backup and its incrementals) by count, or whatever a chooser does not keep, sparing the parents of
 * kept backups. Newest first, so an interruption leaves only consistent chains. Also removes the
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

    /**
     * Deletes every backup except those {@code chooser} keeps and every backup a kept one needs
     * (its parent, the parent's parent, ... up to the full backup). The chooser sees the complete
     * backups (oldest first) as they are while the instance's backup lock is held, so no backup
     * made meanwhile can be missed.
     *
     * @param chooser ids to keep, given all complete backups
     */
    public Result pruneKeeping(BackupTarget target, Function<List<BackupManifest>, Set<String>> chooser) {
        try (BackupLock lock = BackupLock.acquire(paths.dir(), paths.name())) {
            BackupCatalog catalog = new BackupCatalog(target, paths.name());
            int leftovers = catalog.removeLeftovers();
            List<BackupManifest> backups = catalog.backups();
            Set<String> keep = withAncestors(backups, chooser.apply(backups));
            List<String> deleted = new ArrayList<>();
            for (BackupManifest m : backups.reversed()) {
                if (!keep.contains(m.id())) {
                    catalog.delete(m.backupId());
                    deleted.add(m.id());
                }
            }
            return new Result(deleted, leftovers);
        }
    }

    private static Set<String> withAncestors(List<BackupManifest> backups, Set<String> kept) {
        Map<String, BackupManifest> byId = backups.stream().collect(Collectors.toMap(BackupManifest::id, m -> m));
        Set<String> keep = new HashSet<>();
        for (String id : kept) {
            BackupManifest m = byId.get(id);
            // keep.add is false once a link is kept already: its ancestors are then kept too, and a
            // corrupt looping chain cannot loop here.
            while (m != null && keep.add(m.id())) {
                m = m.parent() == null ? null : byId.get(m.parent());
            }
        }
        return keep;
    }
}
