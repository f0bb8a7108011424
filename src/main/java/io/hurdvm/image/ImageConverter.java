package io.hurdvm.image;

import io.hurdvm.progress.Progress;
import io.hurdvm.qemu.CommandFailedException;
import io.hurdvm.qemu.ImageInfo;
import io.hurdvm.qemu.QemuImg;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Converts a probed disk image into the store's qcow2 form with {@code qemu-img convert}. */
public final class ImageConverter {
    private final QemuImg qemuImg;
    private final StoreFormat format;
    private final Duration timeout;

    public ImageConverter(QemuImg qemuImg, StoreFormat format, Duration timeout) {
        this.qemuImg = qemuImg;
        this.format = format;
        this.timeout = timeout;
    }

    public StoreFormat format() {
        return format;
    }

    /** Writes {@code out}, which must not exist; returns the image's virtual size in bytes. */
    public long convert(Path in, DiskFormat sourceFormat, String displayName, Path out, Progress progress) {
        ImageInfo info = info(in);
        if (sourceFormat == DiskFormat.QCOW2) {
            refuseExternalFiles(info, displayName);
        }
        long virtualSize = info.virtualSize();
        progress.start("convert to qcow2", virtualSize);
        try {
            qemuImg.convert(in, out, format.toQemu(sourceFormat.qemuFormat(), timeout),
                    percent -> progress.advance((long) (percent / 100 * virtualSize)));
        } catch (CommandFailedException e) {
            progress.abort();
            throw ImageException.isDiskFull(e.getMessage())
                    ? ImageException.writeFailed("converting " + displayName, new IOException(e.getMessage(), e))
                    : ImageException.io("cannot convert " + displayName + " to qcow2: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            progress.abort();
            throw e;
        }
        progress.finish();
        return virtualSize;
    }

    private ImageInfo info(Path in) {
        try {
            return qemuImg.info(in);
        } catch (CommandFailedException | IllegalArgumentException e) {
            throw ImageException.io("cannot read " + in.getFileName() + " with qemu-img: " + e.getMessage(), e);
        }
    }

    /**
     * A qcow2 naming a backing file or an external data file would make the store read host files the
     * image's publisher chose; such images are refused rather than followed.
     */
    private static void refuseExternalFiles(ImageInfo info, String displayName) {
        info.externalFile().ifPresent(other -> {
            throw ImageException.badInput(displayName + " refers to another file (" + other + "): flatten it first with qemu-img convert -O qcow2");
        });
    }
}
