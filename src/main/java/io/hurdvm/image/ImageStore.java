package io.hurdvm.image;

import io.hurdvm.errors.ErrorKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed images under {@code <home>/images}: {@code blobs/sha256-<hex>.qcow2} (mode 0444,
 * named by the digest of the stored qcow2, so equal images are stored once), {@code index.json}
 * (names and provenance) and {@code tmp/} for work in progress. A blob enters {@code blobs/} by an
 * atomic rename of a finished file, then the index is rewritten atomically: nothing half written is
 * ever visible.
 */
public final class ImageStore {
    private final Path dir;
    private final IndexFile index;

    public ImageStore(Path home) {
        this.dir = StoreLocation.images(home);
        this.index = new IndexFile(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Where pulls keep downloads and conversions in progress; same filesystem as the blobs. */
    public Path tmpDir() {
        return createDirs(dir.resolve("tmp"));
    }

    public Path blobPath(String digest) {
        return dir.resolve("blobs").resolve(digest.replace(':', '-') + ".qcow2");
    }

    public List<StoredImage> list() {
        return index.read().images().stream().map(this::stored).toList();
    }

    public Optional<StoredImage> find(String ref) {
        return index.read().resolve(ref).map(this::stored);
    }

    public StoredImage inspect(String ref) {
        return find(ref).orElseThrow(() -> ImageException.notFound("no image '" + ref
                + "' in the store: see 'hurdvm image list', or pull it with 'hurdvm image pull'"));
    }

    /**
     * Moves the finished qcow2 {@code file} into the store and records it. {@code record.digest()}
     * must be the file's SHA-256 (see {@link ChecksumVerifier#compute}).
     */
    public StoredImage add(Path file, ImageRecord record) {
        Path blob = blobPath(record.digest());
        return index.locked(() -> {
            createDirs(blob.getParent());
            if (Files.exists(blob)) {
                Files.delete(file); // the same bytes are already stored
            } else {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ch.force(true); // qemu-img does not sync; the rename must not outrun the data
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
                Files.move(file, blob, StandardCopyOption.ATOMIC_MOVE);
            }
            ImageIndex updated = index.read().put(record);
            index.write(updated);
            return stored(updated.resolve(record.digest()).orElseThrow());
        });
    }

    /**
     * Removes {@code ref}. A tag shared with other tags of the same image only loses that tag;
     * otherwise the blob is deleted, unless an instance still uses it.
     *
     * @return what was removed, e.g. {@code untagged debian:1} or {@code deleted sha256:...}
     */
    public String rm(String ref, ImageUsers users) {
        return index.locked(() -> {
            ImageIndex current = index.read();
            ImageRecord r = current.resolve(ref).orElseThrow(() -> ImageException.notFound("no image '" + ref
                    + "' in the store: see 'hurdvm image list'"));
            boolean byTag = !ref.startsWith("sha256:");
            String tag = byTag ? ImageRef.parse(ref).toString() : "";
            if (byTag && r.tags().size() > 1) {
                index.write(current.untag(r.digest(), tag));
                return "untagged " + tag;
            }
            Path blob = blobPath(r.digest());
            List<String> using = users.usersOf(blob);
            if (!using.isEmpty()) {
                throw new ImageException(ErrorKind.CONFLICT, "image " + ref + " is used by instance"
                        + (using.size() > 1 ? "s " : " ") + String.join(", ", using)
                        + ": remove " + (using.size() > 1 ? "them" : "it") + " first (hurdvm rm NAME)");
            }
            index.write(current.remove(r.digest()));
            Files.deleteIfExists(blob);
            return "deleted " + r.digest() + (r.tags().isEmpty() ? "" : " (" + String.join(", ", r.tags()) + ")");
        });
    }

    private StoredImage stored(ImageRecord r) {
        return new StoredImage(r, blobPath(r.digest()));
    }

    private static Path createDirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw ImageException.writeFailed("creating " + p, e);
        }
    }
}
