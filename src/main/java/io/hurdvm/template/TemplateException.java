package io.hurdvm.template;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.errors.HurdvmException;

/** A template operation that cannot go on; the message is one line for the user, the kind decides exit code and HTTP status. */
public class TemplateException extends HurdvmException {
    public TemplateException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public TemplateException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
