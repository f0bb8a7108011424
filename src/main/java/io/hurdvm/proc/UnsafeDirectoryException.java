package io.hurdvm.proc;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A folder hurdvm would put secrets or sockets in is not private to this user; nothing was put there. */
public class UnsafeDirectoryException extends HurdvmException {
    public UnsafeDirectoryException(String message) {
        super(ErrorKind.FAILURE, message);
    }
}
