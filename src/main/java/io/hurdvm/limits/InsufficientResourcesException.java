package io.hurdvm.limits;

/** The guest does not fit the memory limits in force. The message is one line naming the limit and the fix. */
public class InsufficientResourcesException extends RuntimeException {
    public InsufficientResourcesException(String message) {
        super(message);
    }
}
