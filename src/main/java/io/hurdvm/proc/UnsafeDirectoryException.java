package io.hurdvm.proc;

/** A folder hurdvm would put secrets or sockets in is not private to this user; nothing was put there. */
public class UnsafeDirectoryException extends RuntimeException {
    public UnsafeDirectoryException(String message) {
        super(message);
    }
}
