package io.hurdvm.storage.backup;

import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.BackupTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The recovery point an instance has on one target: its newest backup that would restore, i.e. whose
 * whole chain is there, may be believed ({@link BackupTrust}: with a key, every manifest authenticated)
 * and has every file at the size its manifest states; with {@code readData} every file of the chain is
 * also read back against its SHA-256 (and, with the key, every encryption tag), as {@code verify} does.
 * Newer backups that fail are passed over, each with its reason.
 *
 * @param newest     the recovery point; empty if no backup on the target would restore
 * @param backups    complete backups listed on the target
 * @param dataRead   whether the chain's data was read back (else manifests, chain and sizes only)
 * @param passedOver newer backups that would not restore, "ID: why"
 */
public record RecoveryPoint(String target, Optional<BackupManifest> newest, int backups, boolean dataRead, boolean authenticated,
                            List<String> passedOver) {
    public RecoveryPoint {
        passedOver = List.copyOf(passedOver);
    }

    /** How old the recovery point is at {@code now}: the data lost if the instance were lost now. */
    public Optional<Duration> age(Instant now) {
        return newest.map(m -> Duration.between(m.time(), now)).map(d -> d.isNegative() ? Duration.ZERO : d);
    }

    public static RecoveryPoint of(BackupTarget target, String instance, Optional<BackupKey> key, boolean readData, Progress progress) {
        BackupCatalog catalog = new BackupCatalog(target, instance);
        List<BackupCatalog.Entry> entries = catalog.entries();
        List<BackupManifest> complete = entries.stream().flatMap(e -> e.manifest().stream()).toList();
        Map<String, BackupManifest> byId = complete.stream().collect(Collectors.toMap(BackupManifest::id, Function.identity()));
        Map<String, Long> sizes = new HashMap<>();
        entries.forEach(e -> e.objects().forEach(o -> sizes.put(o.key(), o.size())));
        BackupTrust trust = BackupTrust.of(key, complete, false);
        BackupVerifier verifier = new BackupVerifier(target, instance);
        Map<String, Optional<String>> linkProblems = new HashMap<>();
        Function<BackupManifest, Optional<String>> linkProblem = link -> linkProblems.computeIfAbsent(link.id(), id -> {
            Optional<String> p = trust.problem(link).or(() -> missingFile(link, sizes));
            if (p.isEmpty() && readData) {
                BackupVerifier.Report r = verifier.check(link, byId, trust, progress);
                return r.ok() ? Optional.empty() : Optional.of(link.id() + ": " + String.join("; ", r.problems()));
            }
            return p;
        });
        List<String> passedOver = new ArrayList<>();
        for (BackupManifest m : complete.reversed()) {
            Optional<String> problem;
            try {
                problem = catalog.chain(m.backupId(), complete).stream().map(linkProblem).flatMap(Optional::stream).findFirst();
            } catch (BackupException e) {
                problem = Optional.of(e.getMessage());
            }
            if (problem.isEmpty()) {
                return new RecoveryPoint(target.uri(), Optional.of(m), complete.size(), readData, key.isPresent(), passedOver);
            }
            passedOver.add(m.id() + ": " + problem.get());
        }
        return new RecoveryPoint(target.uri(), Optional.empty(), complete.size(), readData, key.isPresent(), passedOver);
    }

    private static Optional<String> missingFile(BackupManifest link, Map<String, Long> sizes) {
        for (BackupManifest.FileEntry f : link.files()) {
            Long size = sizes.get(StoredFiles.key(link, f));
            if (size == null) {
                return Optional.of("backup " + link.id() + " lacks " + f.name());
            }
            if (size != f.size()) {
                return Optional.of("backup " + link.id() + "'s " + f.name() + " has " + size + " bytes, its manifest says " + f.size());
            }
        }
        return Optional.empty();
    }
}
