package io.hurdvm.storage.backup;

/**
 * A finished backup.
 *
 * @param kindReason why it is full or incremental, e.g. "no dirty bitmap on disk0"
 * @param leftoversRemoved interrupted backups found on the target and removed first
 */
public record BackupResult(BackupManifest manifest, String kindReason, TransferSummary summary, int leftoversRemoved) {
}
