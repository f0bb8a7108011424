package io.hurdvm.storage.backup;

import io.hurdvm.errors.ErrorKind;

/** Another backup operation holds the instance's backup lock: retry when it has finished (the API answers 409). */
public final class BackupBusyException extends BackupException {
    public BackupBusyException(String message) {
        super(ErrorKind.CONFLICT, message);
    }
}
