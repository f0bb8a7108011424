package io.hurdvm.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Creates a file that appears complete or not at all, and never replaces an existing one: the content
 * is written to a hidden sibling, which is then hard-linked to the target name. Unlike a rename, a
 * link fails if the target exists, so a concurrent creator cannot be overwritten either.
 */
final class NoClobberFile {
    @FunctionalInterface
    interface Writer {
        void write(Path temp) throws IOException;
    }

    private NoClobberFile() {
    }

    static void create(Path target, Writer writer) {
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " already exists: refusing to overwrite it");
        }
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            writer.write(temp);
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(target + " already exists: refusing to overwrite it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a stray hidden temp file is harmless; the real error (if any) is already propagating
            }
        }
    }
}
