package io.hurdvm.guest;

/** The guest offers no SFTP server; the message says why (its subsystem's stderr when it has one). */
public final class SftpUnavailableException extends GuestSshException {
    public SftpUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
