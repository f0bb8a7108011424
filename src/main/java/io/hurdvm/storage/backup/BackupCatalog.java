package io.hurdvm.storage.backup;

import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an instance has on a target. A backup exists only if its {@code manifest.json} does; folders
 * without one are leftovers of interrupted backups (never listed, removed by {@link #removeLeftovers}).
 */
public final class BackupCatalog {
    /** One backup folder on the target. */
    public record Entry(BackupId id, Optional<BackupManifest> manifest, String problem, List<StoredObject> objects) {
    }

    private final BackupTarget target;
    private final String instance;

    public BackupCatalog(BackupTarget target, String instance) {
        this.target = target;
        this.instance = instance;
    }

    /** Every backup folder, oldest first. */
    public List<Entry> entries() {
        Map<BackupId, List<StoredObject>> byId = new TreeMap<>();
        String prefix = BackupLayout.instancePrefix(instance);
        for (StoredObject o : target.list(prefix)) {
            String[] parts = o.key().substring(prefix.length()).split("/", 2);
            if (parts.length == 2 && BackupId.looksLikeId(parts[0])) {
                byId.computeIfAbsent(new BackupId(parts[0]), k -> new ArrayList<>()).add(o);
            }
        }
        List<Entry> entries = new ArrayList<>();
        byId.forEach((id, objects) -> entries.add(entry(id, objects)));
        return entries;
    }

    private Entry entry(BackupId id, List<StoredObject> objects) {
        boolean hasManifest = objects.stream().anyMatch(o -> o.key().endsWith("/" + BackupLayout.MANIFEST));
        if (!hasManifest) {
            return new Entry(id, Optional.empty(), "incomplete (no manifest)", objects);
        }
        try (InputStream in = target.open(BackupLayout.key(instance, id, BackupLayout.MANIFEST))) {
            BackupManifest m = ManifestJson.read(in);
            if (!m.instance().equals(instance) || !m.id().equals(id.value())) {
                return new Entry(id, Optional.empty(), "manifest names " + m.instance() + "/" + m.id(), objects);
            }
            return new Entry(id, Optional.of(m), null, objects);
        } catch (IOException | RuntimeException e) {
            return new Entry(id, Optional.empty(), "unreadable manifest: " + e.getMessage(), objects);
        }
    }

    /** Complete backups, oldest first. */
    public List<BackupManifest> backups() {
        return entries().stream().flatMap(e -> e.manifest().stream())
                .sorted(Comparator.comparing(BackupManifest::id)).collect(Collectors.toList());
    }

    public Optional<BackupManifest> find(BackupId id) {
        return backups().stream().filter(m -> m.id().equals(id.value())).findFirst();
    }

    /** A backup id, or {@code latest} for the newest complete backup. */
    public BackupId resolve(String idOrLatest) {
        return "latest".equals(idOrLatest) ? resolve(idOrLatest, backups()) : new BackupId(idOrLatest);
    }

    /** As {@link #resolve(String)}, choosing {@code latest} among {@code backups} already read. */
    BackupId resolve(String idOrLatest, Collection<BackupManifest> backups) {
        if (!"latest".equals(idOrLatest)) {
            return new BackupId(idOrLatest);
        }
        return backups.stream().map(BackupManifest::backupId).max(Comparator.naturalOrder()).orElseThrow(() ->
                new BackupNotFoundException("no backup of " + instance + " on " + target.uri() + " to take the latest of"));
    }

    /**
     * The chain that restores {@code id}: its full backup first, {@code id} last. Fails with a clear
     * message if any link is missing.
     */
    public List<BackupManifest> chain(BackupId id) {
        return chain(id, backups());
    }

    /** As {@link #chain(BackupId)}, from {@code backups} already read. */
    List<BackupManifest> chain(BackupId id, List<BackupManifest> backups) {
        Map<String, BackupManifest> all = backups.stream().collect(Collectors.toMap(BackupManifest::id, m -> m));
        List<BackupManifest> chain = new ArrayList<>();
        for (String cur = id.value(); cur != null; ) {
            BackupManifest m = all.get(cur);
            if (m == null) {
                if (chain.isEmpty()) {
                    throw new BackupNotFoundException("no backup " + id + " of " + instance + " on " + target.uri()
                            + " (see 'hurdvm backup list " + instance + "')");
                }
                throw new BackupException("backup " + id + " needs " + cur + ", which is missing from " + target.uri() + ": the chain is broken");
            }
            chain.addFirst(m);
            cur = m.parent();
            if (chain.size() > all.size()) {
                throw new BackupException("backup chain of " + id + " loops: the manifests on " + target.uri() + " are corrupt");
            }
        }
        return chain;
    }

    /**
     * Deletes what interrupted backups left: folders without a manifest, and partial uploads no live
     * upload writes (hidden partial files, unfinished multipart uploads). Callers hold the instance's
     * backup lock.
     */
    public int removeLeftovers() {
        int removed = target.removeAbandonedUploads(BackupLayout.instancePrefix(instance));
        for (Entry e : entries()) {
            if (e.manifest().isEmpty() && e.problem().startsWith("incomplete")) {
                e.objects().forEach(o -> target.delete(o.key()));
                removed++;
            }
        }
        return removed;
    }

    /** Deletes a backup: manifest first, so it stops being visible before its data goes. */
    public void delete(BackupId id) {
        target.delete(BackupLayout.key(instance, id, BackupLayout.MANIFEST));
        for (StoredObject o : target.list(BackupLayout.dir(instance, id))) {
            target.delete(o.key());
        }
    }
}
