package io.hurdvm.secret;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A secret file that cannot be used. The message is one line naming the file and what to do. */
public class SecretFileException extends HurdvmException {
    public SecretFileException(String message) {
        super(ErrorKind.BAD_INPUT, message);
    }

    public SecretFileException(String message, Throwable cause) {
        super(ErrorKind.BAD_INPUT, message, cause);
    }
}
