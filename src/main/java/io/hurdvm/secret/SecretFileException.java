package io.hurdvm.secret;

/** A secret file that cannot be used. The message is one line naming the file and what to do. */
public class SecretFileException extends RuntimeException {
    public SecretFileException(String message) {
        super(message);
    }

    public SecretFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
