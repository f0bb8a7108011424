package io.hurdvm.storage.backup;

import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.BackupTargetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Re-reads every stored file of an instance's backups and checks it against its manifest: size and
 * SHA-256 always; with a key also the manifest's authenticity ({@link BackupTrust}) and every AES-GCM
 * tag of every encrypted file, so what verify passes, restore accepts. A backup whose manifest is not
 * trusted is reported without reading its data.
 */
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

    /**
     * Verifies one backup ({@code latest} or an id), or all of them (including damaged folders) when
     * {@code only} is empty.
     *
     * @param key              checks authenticity and every tag; empty checks hashes only
     * @param allowUnencrypted see {@link BackupTrust#of}
     */
    public List<Report> verify(Optional<String> only, Optional<BackupKey> key, boolean allowUnencrypted, Progress progress) {
        BackupCatalog catalog = new BackupCatalog(target, instance);
        List<BackupCatalog.Entry> entries = catalog.entries();
        Map<String, BackupManifest> complete = entries.stream().flatMap(e -> e.manifest().stream())
                .collect(Collectors.toMap(BackupManifest::id, Function.identity()));
        Optional<BackupId> wanted = only.map(o -> catalog.resolve(o, complete.values()));
        BackupTrust trust = BackupTrust.of(key, complete.values(), allowUnencrypted);
        List<Report> reports = new ArrayList<>();
        for (BackupCatalog.Entry e : entries) {
            if (wanted.isPresent() && !wanted.get().equals(e.id())) {
                continue;
            }
            if (e.manifest().isEmpty()) {
                if (!e.problem().startsWith("incomplete")) {
                    reports.add(new Report(e.id().value(), List.of(e.problem()), 0));
                }
                continue;
            }
            reports.add(check(e.manifest().get(), complete, trust, progress));
        }
        if (wanted.isPresent() && reports.isEmpty()) {
            throw new BackupNotFoundException("no backup " + wanted.get() + " of " + instance + " on " + target.uri());
        }
        return reports;
    }

    /** One backup: trusted, parent present and trusted, every file read back against its manifest (and every tag, with the key). */
    Report check(BackupManifest m, Map<String, BackupManifest> complete, BackupTrust trust, Progress progress) {
        Optional<String> untrusted = trust.problem(m);
        if (untrusted.isPresent()) {
            return new Report(m.id(), List.of(untrusted.get()), 0);
        }
        List<String> problems = new ArrayList<>();
        if (m.parent() != null) {
            BackupManifest parent = complete.get(m.parent());
            if (parent == null) {
                problems.add("parent " + m.parent() + " is missing: this backup cannot be restored");
            } else {
                trust.problem(parent).ifPresent(p -> problems.add("parent " + m.parent() + " cannot be used: " + p));
            }
        }
        long read = 0;
        for (BackupManifest.FileEntry f : m.files()) {
            progress.step("verifying " + m.id() + "/" + f.name());
            try (InputStream raw = target.open(BackupLayout.key(instance, m.backupId(), f.name()));
                 HashingInputStream in = new HashingInputStream(raw, done -> progress.bytes(f.name(), done, f.size()))) {
                Optional<String> tagProblem = authenticateTags(in, f, trust.key());
                CountingDigest d = in.finish();
                read += d.bytes();
                if (d.bytes() != f.size()) {
                    problems.add(f.name() + ": " + d.bytes() + " bytes, manifest says " + f.size());
                } else if (!d.sha256().equals(f.sha256())) {
                    problems.add(f.name() + ": sha256 mismatch (stored data is damaged)");
                } else {
                    tagProblem.ifPresent(problems::add);
                }
            } catch (BackupTargetException ex) {
                problems.add(f.name() + ": " + ex.getMessage());
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + f.name() + " of " + m.id() + ": " + ex.getMessage(), ex);
            }
        }
        return new Report(m.id(), problems, read);
    }

    /** With a key, decrypts an encrypted file to nowhere: every chunk's tag is checked. */
    private static Optional<String> authenticateTags(InputStream in, BackupManifest.FileEntry f, Optional<BackupKey> key) throws IOException {
        if (key.isEmpty() || !f.encrypted()) {
            return Optional.empty();
        }
        try {
            GcmChunkedFile.decrypt(in, OutputStream.nullOutputStream(), key.get(), f.name());
            return Optional.empty();
        } catch (BackupException e) {
            return Optional.of(e.getMessage());
        }
    }
}
