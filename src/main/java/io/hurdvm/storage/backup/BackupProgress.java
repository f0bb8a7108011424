package io.hurdvm.storage.backup;

/** Where backup operations report what they are doing. */
public interface BackupProgress {
    BackupProgress SILENT = new BackupProgress() {
        @Override
        public void step(String message) {
        }

        @Override
        public void bytes(String what, long done, long total) {
        }
    };

    /** A new step ("exporting disk0 (full)", "uploading disk.qcow2"). */
    void step(String message);

    /** Progress of the current step; {@code total} is -1 if unknown. */
    void bytes(String what, long done, long total);
}
