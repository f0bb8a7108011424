package io.hurdvm.storage.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An instance's backups on two targets side by side ({@code backup list --compare}): which exist where,
 * and which exist on both with different manifests (the same id written twice, which a copy refuses to
 * overwrite).
 *
 * @param target    the target listed ({@code --target})
 * @param other     the target compared with
 * @param backups   every id on either, oldest first
 * @param missingOnOther ids only {@code target} has: what {@code backup copy --from target --to other} would send
 * @param missingOnTarget ids only {@code other} has
 * @param differing ids on both whose manifests differ
 */
public record BackupComparison(String instance, String target, String other, List<Row> backups, List<String> missingOnOther,
                               List<String> missingOnTarget, List<String> differing) {
    /** One backup id; {@code item} describes it as the target (else the other) lists it. */
    public record Row(BackupListItem item, boolean onTarget, boolean onOther, boolean differs) {
    }

    public static BackupComparison of(String instance, String target, List<BackupManifest> onTarget, String other,
                                      List<BackupManifest> onOther) {
        Map<String, BackupManifest> a = onTarget.stream().collect(Collectors.toMap(BackupManifest::id, Function.identity()));
        Map<String, BackupManifest> b = onOther.stream().collect(Collectors.toMap(BackupManifest::id, Function.identity()));
        Map<String, BackupManifest> all = new TreeMap<>(b);
        all.putAll(a);
        List<Row> rows = new ArrayList<>();
        List<String> missingOnOther = new ArrayList<>();
        List<String> missingOnTarget = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        all.forEach((id, m) -> {
            boolean inA = a.containsKey(id);
            boolean inB = b.containsKey(id);
            boolean differs = inA && inB && !a.get(id).equals(b.get(id));
            rows.add(new Row(BackupListItem.of(m), inA, inB, differs));
            if (!inB) {
                missingOnOther.add(id);
            } else if (!inA) {
                missingOnTarget.add(id);
            } else if (differs) {
                differing.add(id);
            }
        });
        return new BackupComparison(instance, target, other, rows, missingOnOther, missingOnTarget, differing);
    }

    public boolean same() {
        return missingOnOther.isEmpty() && missingOnTarget.isEmpty() && differing.isEmpty();
    }
}
