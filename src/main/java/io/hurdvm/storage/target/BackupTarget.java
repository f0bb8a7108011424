package io.hurdvm.storage.target;

import java.io.InputStream;
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
