package io.hurdvm.storage.target;

import io.hurdvm.secret.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where backups are stored: a local directory or an S3-compatible bucket. Keys are relative
 * ({@code instance/id/file}); the target adds its own root. An object written with {@link #put} is
 * either fully there or not there at all, so a reader never sees half an upload.
 */
public interface BackupTarget extends AutoCloseable {
    /** The target's URI for messages and bookkeeping; never holds credentials. */
    String uri();

    void put(String key, Path source, TransferListener listener);

    /**
     * Stores what {@code producer} writes as object {@code key}, with {@link #put}'s guarantee: the
     * object appears whole once the producer returned, or not at all. {@code size} is the number of
     * bytes the producer will write (for progress). A target that can write in place streams the bytes
     * straight to their place (one pass over a backup instead of writing it locally, then copying it);
     * the others make {@code scratch} (0600, deleted afterwards) and {@link #put} it.
     */
    default void write(String key, long size, ObjectWriter producer, Path scratch, TransferListener listener) {
        try {
            try (OutputStream out = OwnerOnlyFiles.newOutputStream(scratch)) {
                producer.writeTo(out);
            }
            put(key, scratch, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key + " to " + scratch + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException ignored) {
                // the caller's staging folder goes as a whole
            }
        }
    }

    void get(String key, Path destination, TransferListener listener);

    /** Streams an object; the caller closes the stream. */
    InputStream open(String key);

    /** Every object whose key starts with {@code prefix}. */
    List<StoredObject> list(String prefix);

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key);

    /**
     * Removes what uploads under {@code prefix} that were killed left behind and no upload still
     * writes: hidden partial files in a directory, unfinished multipart uploads in S3. Only ours,
     * recognised by name. Callers hold the instance's backup lock.
     *
     * @return how many were removed
     */
    int removeAbandonedUploads(String prefix);

    @Override
    default void close() {
    }
}
