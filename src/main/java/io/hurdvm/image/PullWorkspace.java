package io.hurdvm.image;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The temp files of one pull in the store's {@code tmp/}, named after the source URL so an
 * interrupted download is found again by the next pull of the same URL. Holding the workspace
 * locks it, so two pulls of one URL cannot write the same part file.
 */
final class PullWorkspace implements AutoCloseable {
    private final Path tmp;
    private final String id;
    private final FileChannel lockChannel;
    private final FileLock lock;

    PullWorkspace(Path tmp, URI source) {
        this.tmp = tmp;
        this.id = idOf(source);
        try {
            this.lockChannel = FileChannel.open(tmp.resolve(id + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            this.lock = lockChannel.tryLock();
        } catch (IOException e) {
            throw ImageException.writeFailed("preparing " + tmp, e);
        }
        if (lock == null) {
            closeQuietly();
            throw ImageException.badInput("another pull of " + source + " is in progress: wait for it to finish");
        }
    }

    Path part() {
        return tmp.resolve(id + ".part");
    }

    Path extracted() {
        return tmp.resolve(id + ".img");
    }

    Path converted() {
        return tmp.resolve(id + ".qcow2");
    }

    /** Removes the work files; the part only when it cannot or need not be resumed. */
    void clean(boolean keepPart) {
        if (!keepPart) {
            new PartialDownload(part()).delete();
        }
        try {
            Files.deleteIfExists(extracted());
            Files.deleteIfExists(converted());
        } catch (IOException e) {
            // best effort: tmp/ is never read as part of the store
        }
    }

    /** Releases the lock. The empty lock file stays: deleting it would let two pulls lock different files. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            // closing releases the lock; nothing else to do
        }
    }

    private static String idOf(URI source) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(source.toString().getBytes(StandardCharsets.UTF_8));
            return "pull-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
