package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A backup, restore, verify or prune could not be done; the message says why and what to do. */
public class BackupException extends HurdvmException {
    public BackupException(String message) {
        super(ErrorKind.FAILURE, message);
    }

    public BackupException(String message, Throwable cause) {
        super(ErrorKind.FAILURE, message, cause);
    }

    public BackupException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public BackupException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
