package io.hurdvm.template;

import io.hurdvm.qemu.QemuImg;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A clone's overlay on its template's layer, as a copy of one blank overlay that qemu-img made for
 * the template once (kept in the template's folder): two qemu-img runs (info, create) were 60-100 ms
 * of every clone's start before its supervisor could spawn; a copy of the ~200 KiB file is under a
 * millisecond. The caller holds the template's lock. A blank overlay that names another backing file
 * (a moved HURDVM_HOME) is made again.
 */
public final class BlankOverlay {
    static final String FILE_NAME = "clone-overlay.qcow2";
    /** qcow2: magic, version, then backing_file_offset (u64) and backing_file_size (u32), big-endian. */
    private static final int QCOW2_MAGIC = 0x514649fb;
    private static final int HEADER_READ = 64 << 10;

    private BlankOverlay() {
    }

    /** Writes a new overlay on {@code tpl}'s layer at {@code overlay} (which must not exist). */
    public static void copyTo(TemplatePaths tpl, QemuImg qemuImg, Path overlay) {
        Path blank = tpl.dir().resolve(FILE_NAME);
        Path layer = tpl.disk().toAbsolutePath().normalize();
        try {
            if (!layer.toString().equals(backingFile(blank))) {
                Path temp = tpl.dir().resolve("." + FILE_NAME + ".tmp");
                Files.deleteIfExists(temp);
                qemuImg.createOverlay(layer, "qcow2", temp, 0);
                Files.move(temp, blank, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.copy(blank, overlay);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the overlay " + overlay + " on template layer " + layer + ": " + e.getMessage(), e);
        }
    }

    /** The backing file a qcow2 image names, or null when the file is missing or no such image. */
    static String backingFile(Path image) throws IOException {
        if (!Files.isRegularFile(image)) {
            return null;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(HEADER_READ);
        }
        if (head.length < 20) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        if (b.getInt(0) != QCOW2_MAGIC) {
            return null;
        }
        long offset = b.getLong(8);
        int size = b.getInt(16);
        if (offset <= 0 || size <= 0 || offset + size > head.length) {
            return null;
        }
        return new String(head, (int) offset, size, StandardCharsets.UTF_8);
    }
}
