package io.hurdvm.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * qemu-img calls any file it does not recognise "raw", so a raw file passes as a disk image only if
 * it looks bootable or partitioned: a whole number of 512-byte sectors and either the 0x55AA
 * signature at offset 510 (MBR, and the protective MBR in front of GPT) or the ISO 9660 "CD001"
 * identifier at 0x8001. A blank raw disk has neither and is rejected: nothing could boot from it.
 */
final class RawImageSniffer {
    private static final int SECTOR = 512;
    private static final long ISO_MAGIC_OFFSET = 0x8001;
    private static final byte[] ISO_MAGIC = "CD001".getBytes(StandardCharsets.US_ASCII);

    private RawImageSniffer() {
    }

    /** Empty if {@code file} looks like a raw disk or ISO; otherwise the one-line reason it does not. */
    static Optional<String> whyNotRawDisk(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (size == 0) {
                return Optional.of(file + " is not a disk image (empty file)");
            }
            if (size % SECTOR != 0) {
                return Optional.of(file + " is not a disk image (raw file of " + size
                        + " bytes, not a whole number of 512-byte sectors)");
            }
            byte[] signature = read(channel, 510, 2);
            boolean bootSector = signature[0] == 0x55 && signature[1] == (byte) 0xAA;
            boolean iso = java.util.Arrays.equals(read(channel, ISO_MAGIC_OFFSET, ISO_MAGIC.length), ISO_MAGIC);
            return bootSector || iso ? Optional.empty()
                    : Optional.of(file + " is not a disk image (raw file without a partition table or boot sector)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads up to {@code length} bytes at {@code offset}; bytes past the end read as zero. */
    private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
            // keep reading: a positional read may return fewer bytes than asked
        }
        return buffer.array();
    }
}
