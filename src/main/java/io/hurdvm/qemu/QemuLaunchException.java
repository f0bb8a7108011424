package io.hurdvm.qemu;

/** QEMU could not be started at all (binary or setsid missing, log not writable, ...). */
public class QemuLaunchException extends RuntimeException {
    public QemuLaunchException(String message, Throwable cause) {
        super(message, cause);
    }

    public QemuLaunchException(String message) {
        super(message);
    }
}
