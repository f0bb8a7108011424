package io.hurdvm.template;

import io.hurdvm.errors.ErrorKind;
import com.github.luben.zstd.ZstdDirectBufferDecompressingStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
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

    /** A state file's content as the guest's machine state, read into the caller's (direct) buffers. */
    public interface Source extends Closeable {
        /** Fills {@code into} from its position as far as it can; false once the content has ended. */
        boolean fill(ByteBuffer into) throws IOException;

        @Override
        default void close() throws IOException {
        }
    }

    /**
     * Opens a state file for reading into direct buffers: zstd decompresses from the mapped file
     * straight into them, without copies through the Java heap.
     */
    public Source open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (level == 0) {
                return into -> {
                    int n = Math.min(into.remaining(), mapped.remaining());
                    into.put(into.position(), mapped, mapped.position(), n).position(into.position() + n);
                    mapped.position(mapped.position() + n);
                    return mapped.hasRemaining();
                };
            }
            ZstdDirectBufferDecompressingStreamNoFinalizer zstd = new ZstdDirectBufferDecompressingStreamNoFinalizer(mapped);
            return new Source() {
                @Override
                public boolean fill(ByteBuffer into) throws IOException {
                    while (into.hasRemaining() && zstd.hasRemaining()) {
                        zstd.read(into);
                    }
                    return zstd.hasRemaining();
                }

                @Override
                public void close() {
                    zstd.close();
                }
            };
        }
    }
}
