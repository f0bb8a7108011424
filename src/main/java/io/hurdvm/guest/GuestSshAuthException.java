package io.hurdvm.guest;

/**
 * The guest's SSH server answered but refused our key or password: unlike a connection that is not
 * up yet, waiting will not help; the guest must be provisioned (again).
 */
public class GuestSshAuthException extends GuestSshException {
    public GuestSshAuthException(String message) {
        super(message);
    }
}
