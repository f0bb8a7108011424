package io.hurdvm.instance;

/** Another operation holds the instance's lock; the message names it and says to retry. */
public class InstanceBusyException extends RuntimeException {
    public InstanceBusyException(String message) {
        super(message);
    }
}
