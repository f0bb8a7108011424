package io.hurdvm.storage.backup;

import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.BackupTargetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Re-reads every stored file of an instance's backups and checks it against its manifest. */
public final class BackupVerifier {
    /** What verify found for one backup folder; {@code problems} is empty when it is sound. */
    public record Report(String id, List<String> problems, long bytesRead) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final BackupTarget target;
    private final String instance;

    public BackupVerifier(BackupTarget target, String instance) {
        this.target = target;
        this.instance = instance;
    }

    /** Verifies one backup, or all of them (including damaged folders) when {@code only} is empty. */
    public List<Report> verify(Optional<BackupId> only, BackupProgress progress) {
        List<BackupCatalog.Entry> entries = new BackupCatalog(target, instance).entries();
        Set<String> complete = entries.stream().flatMap(e -> e.manifest().stream()).map(BackupManifest::id).collect(Collectors.toSet());
        List<Report> reports = new ArrayList<>();
        for (BackupCatalog.Entry e : entries) {
            if (only.isPresent() && !only.get().equals(e.id())) {
                continue;
            }
            if (e.manifest().isEmpty()) {
                if (!e.problem().startsWith("incomplete")) {
                    reports.add(new Report(e.id().value(), List.of(e.problem()), 0));
                }
                continue;
            }
            reports.add(check(e.manifest().get(), complete, progress));
        }
        if (only.isPresent() && reports.isEmpty()) {
            throw new BackupNotFoundException("no backup " + only.get() + " of " + instance + " on " + target.uri());
        }
        return reports;
    }

    private Report check(BackupManifest m, Set<String> complete, BackupProgress progress) {
        List<String> problems = new ArrayList<>();
        long read = 0;
        if (m.parent() != null && !complete.contains(m.parent())) {
            problems.add("parent " + m.parent() + " is missing: this backup cannot be restored");
        }
        for (BackupManifest.FileEntry f : m.files()) {
            progress.step("verifying " + m.id() + "/" + f.name());
            try (InputStream in = target.open(BackupLayout.key(instance, m.backupId(), f.name()))) {
                CountingDigest d = CountingDigest.of(in, done -> progress.bytes(f.name(), done, f.size()));
                read += d.bytes();
                if (d.bytes() != f.size()) {
                    problems.add(f.name() + ": " + d.bytes() + " bytes, manifest says " + f.size());
                } else if (!d.sha256().equals(f.sha256())) {
                    problems.add(f.name() + ": sha256 mismatch (stored data is damaged)");
                }
            } catch (BackupTargetException ex) {
                problems.add(f.name() + ": " + ex.getMessage());
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + f.name() + " of " + m.id() + ": " + ex.getMessage(), ex);
            }
        }
        return new Report(m.id(), problems, read);
    }
}
