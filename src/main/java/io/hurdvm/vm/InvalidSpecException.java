package io.hurdvm.vm;

/**
 * Input that cannot describe a VM. The message is one line meant for the user: it names the value
 * that was wrong and what would be accepted.
 */
public class InvalidSpecException extends IllegalArgumentException {
    public InvalidSpecException(String message) {
        super(message);
    }
}
