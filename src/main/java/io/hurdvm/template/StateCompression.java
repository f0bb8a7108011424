package io.hurdvm.template;

import io.hurdvm.errors.ErrorKind;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * How a saved machine state is stored: as QEMU sent it, or zstd at a level. Most of a guest's RAM
 * is zero pages (QEMU already skips those) and page cache that compresses well; bench/templates
 * has the sizes and restore times that chose the default.
 *
 * @param level 0 for none, else the zstd level (1-19)
 */
public record StateCompression(int level) {
    /** zstd level 1: 101 MB of state become 40 MB, and decompressing costs less than reading the difference. */
    public static final StateCompression DEFAULT = new StateCompression(1);
    public static final StateCompression NONE = new StateCompression(0);

    public StateCompression {
        if (level < 0 || level > 19) {
            throw new TemplateException(ErrorKind.BAD_INPUT, "zstd level " + level + " is out of range: use 1-19");
        }
    }

    /** {@code none}, {@code zstd} (level 1) or {@code zstd:N}. */
    public static StateCompression parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("zstd")) {
            return DEFAULT;
        }
        if (t.startsWith("zstd:")) {
            try {
                int level = Integer.parseInt(t.substring(5));
                if (level >= 1) {
                    return new StateCompression(level);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new TemplateException(ErrorKind.BAD_INPUT, "invalid compression '" + text
                + "': use none, zstd or zstd:LEVEL (1-19)");
    }

    public String wireName() {
        return level == 0 ? "none" : "zstd:" + level;
    }

    public OutputStream compressing(OutputStream file) throws IOException {
        OutputStream buffered = new BufferedOutputStream(file, 1 << 20);
        return level == 0 ? buffered : new ZstdOutputStream(buffered, level);
    }

    /**
     * Loads the native zstd library on a background thread (extracting it and linking it costs a
     * cold JVM ~60 ms), so a restore that starts later finds it ready. Only a head start:
     * {@link #decompressing} reports a library that cannot load.
     */
    public void preload() {
        if (level == 0) {
            return;
        }
        Thread.ofPlatform().daemon().name("zstd-load").start(() -> {
            try {
                com.github.luben.zstd.util.Native.load();
            } catch (RuntimeException | LinkageError e) {
                // reported by the restore itself
            }
        });
    }

    public InputStream decompressing(InputStream file) throws IOException {
        InputStream buffered = new BufferedInputStream(file, 1 << 20);
        return level == 0 ? buffered : new ZstdInputStream(buffered);
    }
}
