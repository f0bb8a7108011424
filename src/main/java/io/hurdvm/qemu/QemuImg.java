package io.hurdvm.qemu;

import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Disk image operations (qemu-img). Every failure is a {@link CommandFailedException} naming the
 * command and carrying qemu-img's own diagnosis; every call is bounded by a timeout.
 *
 * <p>{@link #info} and {@link #check} may run while QEMU has the image open (shared locking); the
 * snapshot operations need the VM stopped and fail with qemu-img's lock error otherwise.
 */
public interface QemuImg {
    ImageInfo info(Path image);

    /**
     * Creates a qcow2 overlay backed by {@code base}, which is only ever opened read-only. The overlay
     * appears atomically and an existing file is never replaced.
     *
     * @param sizeBytesOrZero virtual size; 0 means the base's size; never smaller than the base
     */
    void createOverlay(Path base, String baseFormat, Path overlay, long sizeBytesOrZero);

    /**
     * {@link #createOverlay(Path, String, Path, long)} with the format and virtual size that
     * {@link #isDiskImage} has just read from {@code base}, which the caller made sure did not change
     * since: qemu-img is not run a second time to read them (issue 14: each run is a process spawn
     * on the way to a new instance's first start).
     */
    void createOverlay(Path base, DiskImageVerdict checked, Path overlay, long sizeBytesOrZero);

    ImageCheck check(Path image);

    /** Whether {@code file} is a disk image; if not, a one-line reason. Never throws for a bad file. */
    DiskImageVerdict isDiskImage(Path file);

    List<ImageSnapshot> snapshotList(Path image);

    void snapshotCreate(Path image, String name);

    void snapshotApply(Path image, String name);

    void snapshotDelete(Path image, String name);

    /**
     * Converts into {@code target}, which appears atomically and must not exist yet.
     *
     * @param percentDone told qemu-img's progress, 0 to 100, as it goes
     */
    void convert(Path source, Path target, ConvertOptions options, DoubleConsumer percentDone);

    default void convert(Path source, Path target, ConvertOptions options) {
        convert(source, target, options, percent -> { });
    }
}
