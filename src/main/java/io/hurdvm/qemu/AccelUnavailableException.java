package io.hurdvm.qemu;

/** The user asked for an accelerator this host cannot provide. */
public class AccelUnavailableException extends RuntimeException {
    public AccelUnavailableException(String message) {
        super(message);
    }
}
