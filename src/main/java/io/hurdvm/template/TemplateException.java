package io.hurdvm.template;

/** A template operation that cannot go on; the message is one line for the user. */
public class TemplateException extends RuntimeException {
    /** Bad input changes nothing; not found names the template; failed is anything else. */
    public enum Kind { BAD_INPUT, NOT_FOUND, FAILED }

    private final Kind kind;

    public TemplateException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TemplateException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
