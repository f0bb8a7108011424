package io.hurdvm.image;

import io.hurdvm.progress.Progress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Streams the single {@code .img} out of a {@code .tar.gz} or {@code .tar.xz}. Runs of zeros are
 * written as holes, so a mostly empty multi-GiB disk costs only its used blocks in the temp folder.
 */
public final class ArchiveExtractor {
    /** Nothing a Hurd guest needs is near this; a bigger entry is a damaged or hostile archive. */
    static final long MAX_IMAGE_BYTES = 1L << 41;
    private static final int BLOCK = 1 << 16;
    private static final byte[] ZEROS = new byte[BLOCK];

    private ArchiveExtractor() {
    }

    /** Extracts the archive's only {@code .img} entry to {@code target}; returns the image's size. */
    public static long extractSingleImage(Path archive, SourceFormat format, Path target, Progress progress) {
        String found = null;
        long size = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), BLOCK);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompress(file, format))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (!e.isFile() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".img")) {
                    continue;
                }
                if (found != null) {
                    throw ImageException.badInput(archive.getFileName() + " holds more than one .img (" + found
                            + ", " + e.getName() + "): pull the disk image you want by itself");
                }
                found = e.getName();
                size = checkSize(e, archive);
                progress.start("unpack " + found, size);
                try {
                    writeSparse(tar, target, size, progress);
                } catch (IOException | RuntimeException ex) {
                    progress.abort();
                    throw ex;
                }
                progress.finish();
            }
        } catch (IOException e) {
            throw ImageException.badInput(archive.getFileName() + " is not a readable " + format.name().toLowerCase(Locale.ROOT)
                    .replace('_', '.') + " archive (" + Downloader.describe(e) + "): check the file or its checksum");
        }
        if (found == null) {
            throw ImageException.badInput(archive.getFileName() + " holds no .img file: it is not a disk image archive");
        }
        return size;
    }

    private static InputStream decompress(InputStream in, SourceFormat format) throws IOException {
        return switch (format) {
            case TAR_GZ -> new GzipCompressorInputStream(in, true);
            case TAR_XZ -> new XZCompressorInputStream(in, true);
            default -> throw new IllegalArgumentException(format + " is not an archive");
        };
    }

    private static long checkSize(TarArchiveEntry e, Path archive) {
        long size = e.isSparse() ? e.getRealSize() : e.getSize();
        if (size < 512 || size > MAX_IMAGE_BYTES || size % 512 != 0) {
            throw ImageException.badInput(e.getName() + " in " + archive.getFileName() + " has an implausible size of "
                    + size + " bytes for a disk image (a multiple of 512 up to 2 TiB): the archive is damaged or not an image");
        }
        return size;
    }

    private static void writeSparse(InputStream in, Path target, long size, Progress progress) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[BLOCK];
            long pos = 0;
            for (int n; (n = in.readNBytes(buf, 0, BLOCK)) > 0; pos += n) {
                if (Arrays.mismatch(buf, 0, n, ZEROS, 0, n) != -1) {
                    write(out, ByteBuffer.wrap(buf, 0, n), pos);
                }
                progress.advance(pos + n);
            }
            if (pos != size) {
                throw new IOException("entry ended after " + pos + " of " + size + " bytes");
            }
            if (out.size() < size) {
                write(out, ByteBuffer.wrap(new byte[1]), size - 1); // a trailing hole still needs the file length
            }
        }
    }

    private static void write(FileChannel out, ByteBuffer data, long position) {
        try {
            for (long p = position; data.hasRemaining(); ) {
                p += out.write(data, p);
            }
        } catch (IOException e) {
            throw ImageException.writeFailed("unpacking the image", e);
        }
    }
}
