package io.hurdvm.image;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Arrays;

/**
 * The temp files of one pull in the store's {@code tmp/}, named after the source URL so an
 * interrupted download is found again by the next pull of the same URL. Holding the workspace
 * locks it, so two pulls of one URL cannot write the same part file.
 *
 * <p>The lock file is deleted when the workspace is closed, while still locked, so no pull leaves one
 * behind. A second pull may have opened the file just before; it then locks a deleted file, so after
 * locking, a pull checks that the path still names the file it locked and starts over if not.
 */
final class PullWorkspace implements AutoCloseable {
    private static final int LOCK_ATTEMPTS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path tmp;
    private final String id;
    private final Path lockFile;
    private final FileChannel lockChannel;

    PullWorkspace(Path tmp, URI source) {
        this.tmp = tmp;
        this.id = idOf(source);
        this.lockFile = tmp.resolve(id + ".lock");
        this.lockChannel = lock(source);
    }

    private FileChannel lock(URI source) {
        for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
            FileChannel channel = null;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    channel.close();
                    throw ImageException.badInput("another pull of " + source + " is in progress: wait for it to finish");
                }
                if (stillNamesLockedFile(channel)) {
                    return channel;
                }
                channel.close(); // its holder deleted it when done: lock the file that is there now
            } catch (IOException e) {
                closeQuietly(channel);
                throw ImageException.writeFailed("preparing " + tmp, e);
            }
        }
        throw ImageException.io("cannot lock " + lockFile + ": it keeps being replaced", null);
    }

    /** Null when another holds it: another process, or another pull in this one (the API server). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Writes a fresh token into the locked file and reads it back by name: only if the path still
     * names the locked file does the token come back.
     */
    private boolean stillNamesLockedFile(FileChannel channel) throws IOException {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(token), 0);
        try {
            return Arrays.equals(Files.readAllBytes(lockFile), token);
        } catch (NoSuchFileException e) {
            return false;
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

    /** Deletes the lock file (still holding the lock, see the class comment), then releases the lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            // an empty lock file left behind is harmless: the next pull locks and deletes it
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
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
