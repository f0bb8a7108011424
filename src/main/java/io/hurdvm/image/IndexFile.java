package io.hurdvm.image;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code index.json} on disk. Readers need no lock: every write is a whole new file renamed over the
 * old one, so a reader sees the old or the new index, never half of one. Writers take an exclusive
 * lock on {@code index.lock}: a file lock against other processes, plus an in-process lock because
 * the JVM refuses overlapping file locks from one process.
 */
final class IndexFile {
    // unknown fields are ignored so that an older hurdvm can still read an index a newer one wrote
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** Work done while holding the writer lock. */
    interface LockedAction<T> {
        T run() throws IOException;
    }

    private final Path file;
    private final Path lockFile;

    IndexFile(Path imagesDir) {
        this.file = imagesDir.resolve("index.json");
        this.lockFile = imagesDir.resolve("index.lock");
    }

    ImageIndex read() {
        ImageIndex index;
        try {
            index = Files.exists(file) ? JSON.readValue(file.toFile(), ImageIndex.class) : ImageIndex.empty();
        } catch (IOException e) {
            throw ImageException.io("cannot read the image index " + file + ": " + e.getMessage()
                    + "; restore it or remove it to start an empty store", e);
        }
        if (index.version() > ImageIndex.VERSION) {
            throw ImageException.io("the image index " + file + " has format " + index.version()
                    + ", newer than this hurdvm understands (" + ImageIndex.VERSION + "): upgrade hurdvm", null);
        }
        return index;
    }

    /** Writes a new index atomically: temp file, fsync, rename. Call only inside {@link #locked}. */
    void write(ImageIndex index) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".index-", ".json.tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(index));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    <T> T locked(LockedAction<T> action) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return action.run();
        } catch (IOException e) {
            throw ImageException.writeFailed("updating the image index " + file, e);
        } finally {
            local.unlock();
        }
    }
}
