package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import java.util.Collection;
import java.util.Optional;

/**
 * Which backups on a target may be believed. The target controls every byte it stores, so with a key
 * the key decides alone: a backup must be encrypted with that key and its manifest must authenticate
 * with it ({@link ManifestMac}); a manifest claiming "unencrypted" is refused, since that claim is
 * exactly what an attacker would plant. Without a key nothing can be authenticated (SHA-256 in an
 * unsigned manifest only catches accidents); then an unencrypted backup is still refused where the
 * target holds encrypted backups of the instance, unless the user says it is theirs, and an encrypted
 * one passes (only its hashes can be checked; restoring it needs the key).
 */
public final class BackupTrust {
    private final Optional<BackupKey> key;
    private final boolean targetHoldsEncrypted;
    private final boolean allowUnencrypted;

    private BackupTrust(Optional<BackupKey> key, boolean targetHoldsEncrypted, boolean allowUnencrypted) {
        this.key = key;
        this.targetHoldsEncrypted = targetHoldsEncrypted;
        this.allowUnencrypted = allowUnencrypted;
    }

    /**
     * @param backups          the instance's backups on the target (only looked at without a key)
     * @param allowUnencrypted without a key: accept unencrypted backups even next to encrypted ones
     */
    public static BackupTrust of(Optional<BackupKey> key, Collection<BackupManifest> backups, boolean allowUnencrypted) {
        return new BackupTrust(key, backups.stream().anyMatch(BackupManifest::encrypted), allowUnencrypted);
    }

    public Optional<BackupKey> key() {
        return key;
    }

    /** Why {@code m} must not be used, in one line; empty if it may. */
    public Optional<String> problem(BackupManifest m) {
        String id = "backup " + m.id();
        if (key.isPresent()) {
            BackupKey k = key.get();
            if (!m.encrypted()) {
                return Optional.of(id + " claims to be unencrypted, but a key was given: refused, as anyone who can write to the target"
                        + " could have planted it");
            }
            if (!m.encryption().equals(GcmChunkedFile.ALGORITHM + ":" + k.fingerprint())) {
                return Optional.of(id + " is encrypted with another key (" + m.encryption() + "), not this key file (" + k.fingerprint() + ")");
            }
            if (m.mac() == null) {
                return Optional.of(id + " has no authenticated manifest (format " + m.formatVersion() + "): hurdvm cannot tell it from a"
                        + " forgery; take a new full backup");
            }
            if (!ManifestMac.authentic(m, k)) {
                return Optional.of(id + ": its manifest does not authenticate with this key: it was altered or forged");
            }
            if (m.files().stream().anyMatch(f -> !f.encrypted())) {
                return Optional.of(id + " stores unencrypted files although its manifest says it is encrypted");
            }
            return Optional.empty();
        }
        if (m.encrypted()) {
            return Optional.empty(); // nothing to check without the key but its hashes; restoring it needs the key anyway
        }
        if (m.files().stream().anyMatch(BackupManifest.FileEntry::encrypted)) {
            return Optional.of(id + " claims to be unencrypted but stores encrypted files");
        }
        if (targetHoldsEncrypted && !allowUnencrypted) {
            return Optional.of(id + " claims to be unencrypted, but the target holds encrypted backups of " + m.instance()
                    + ": it may have been planted; pass --key-file, or --allow-unencrypted if you made it yourself");
        }
        return Optional.empty();
    }

    /** Throws the {@link #problem} of {@code m}, if any. */
    public void require(BackupManifest m) {
        problem(m).ifPresent(p -> {
            throw new BackupException(ErrorKind.DAMAGED, p);
        });
    }
}
