package io.hurdvm.guest;

/** SSH to the guest failed. The message is one line naming what failed and what to do. */
public class GuestSshException extends RuntimeException {
    public GuestSshException(String message) {
        super(message);
    }

    public GuestSshException(String message, Throwable cause) {
        super(message, cause);
    }
}
