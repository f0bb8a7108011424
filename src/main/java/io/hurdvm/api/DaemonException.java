package io.hurdvm.api;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** The daemon answered with an error, or could not be reached ({@link #status()} 0). */
public class DaemonException extends HurdvmException {
    private final int status;

    /** @param status the daemon's HTTP status; 0 when it could not be reached at all */
    public DaemonException(int status, ErrorKind kind, String message) {
        super(kind, message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == 0;
    }
}
