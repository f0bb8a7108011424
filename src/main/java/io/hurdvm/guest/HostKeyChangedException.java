package io.hurdvm.guest;

/** The guest presented a host key other than the pinned one; the connection was refused. */
public class HostKeyChangedException extends GuestSshException {
    public HostKeyChangedException(String message) {
        super(message);
    }
}
