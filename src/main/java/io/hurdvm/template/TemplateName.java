package io.hurdvm.template;

import io.hurdvm.errors.ErrorKind;
import java.util.regex.Pattern;

/** A template's name: the rules of instance names, as it names a folder too. */
public record TemplateName(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,47}");

    public TemplateName {
        if (value == null || value.contains("..") || !ALLOWED.matcher(value).matches()) {
            throw new TemplateException(ErrorKind.BAD_INPUT, "invalid template name '"
                    + (value == null ? "" : value.replaceAll("[^\\x20-\\x7e]", "?"))
                    + "': use 1-48 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public static TemplateName of(String value) {
        return new TemplateName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
