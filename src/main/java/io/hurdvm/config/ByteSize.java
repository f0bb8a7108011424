package io.hurdvm.config;

import java.util.Locale;

/** Sizes for people: the counterpart of {@link SizeParser}, in binary units as the rest of hurdvm. */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ByteSize() {
    }

    /** e.g. {@code 512 B}, {@code 1.5 MiB}, {@code 20.0 GiB}. */
    public static String human(long bytes) {
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
