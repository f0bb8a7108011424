package io.hurdvm.qemu;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A QEMU {@code secret} object whose value QEMU reads from {@code file}. Secrets are only ever passed
 * by file so they never show up in argv ({@code /proc/PID/cmdline} is world-readable) or in logs.
 */
public record QemuSecret(String id, Path file) {
    /** QEMU object ids: a letter, then letters, digits, '-', '.', '_'. */
    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    public QemuSecret {
        Objects.requireNonNull(file, "file");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid QEMU secret id '" + id
                    + "': use a letter followed by letters, digits, '.', '_' or '-'");
        }
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("secret file for '" + id + "' must be an absolute path, got " + file);
        }
    }

    /** The {@code -object} value; {@code format=raw} so the file's bytes are taken verbatim. */
    String objectArgument() {
        return "secret,id=" + id + ",file=" + QemuCommandBuilder.escape(file.toString()) + ",format=raw";
    }
}
