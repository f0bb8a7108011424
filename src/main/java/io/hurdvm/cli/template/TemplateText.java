package io.hurdvm.cli.template;

import java.util.Locale;

/** Sizes as people read them. */
final class TemplateText {
    private TemplateText() {
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, bytes < 1024L * 1024 * 1024 ? "%.1f MiB" : "%.2f GiB",
                bytes < 1024L * 1024 * 1024 ? bytes / 1048576.0 : bytes / 1073741824.0);
    }
}
