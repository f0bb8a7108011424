package io.hurdvm.storage.backup;

/**
 * One backup as {@code hurdvm backup list --output json} and {@code GET /v1/instances/NAME/backups}
 * show it: one shape for both, so scripts work against either.
 *
 * @param time      ISO-8601 UTC start time
 * @param parent    the backup an incremental applies on top of; null for a full one
 * @param size      bytes stored on the target (compressed, encrypted)
 * @param dataBytes guest bytes the backup copied
 * @param schedule  the schedule that made it; null for one made by hand
 */
public record BackupListItem(String id, String time, String kind, String parent, long size, long dataBytes, boolean encrypted,
                             String schedule) {
    public static BackupListItem of(BackupManifest m) {
        return new BackupListItem(m.id(), m.time().toString(), m.kind(), m.parent(), m.storedBytes(), m.dataBytes(), m.encrypted(), m.schedule());
    }
}
