package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;

/** The backup asked for is not on the target (the CLI exits "not found", the API answers 404). */
public final class BackupNotFoundException extends BackupException {
    public BackupNotFoundException(String message) {
        super(ErrorKind.NOT_FOUND, message);
    }
}
