package io.hurdvm.limits;

/** A cgroup or /proc file held something the kernel documents no such value for. One-line message. */
public class LimitsUnreadableException extends RuntimeException {
    public LimitsUnreadableException(String message) {
        super(message);
    }
}
