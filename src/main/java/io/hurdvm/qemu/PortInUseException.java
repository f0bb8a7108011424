package io.hurdvm.qemu;

/** A host port QEMU is to forward is already taken; reported before QEMU starts. */
public class PortInUseException extends RuntimeException {
    public PortInUseException(String message) {
        super(message);
    }
}
