package io.hurdvm.storage.backup;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.hurdvm.errors.ErrorKind;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a {@link DiskStream} and hands its records to a {@link Sink}, in order. The stream comes from
 * a backup target, so it is hostile: every offset, length and frame is checked before use (records
 * inside the disk, growing and not overlapping, frames that decompress to exactly their length, an
 * end record with the right count and nothing after it); a violation is a one-line
 * {@link BackupException} of kind DAMAGED.
 */
final class DiskStreamReader {
    /** Where the records go: a restore writes them to the new disk through NBD. */
    interface Sink {
        void data(long offset, ByteBuffer bytes) throws IOException;

        void zero(long offset, long length) throws IOException;
    }

    private static final int MAX_FRAME = (int) Zstd.compressBound(DiskStream.PIECE);

    private DiskStreamReader() {
    }

    /** Applies the whole stream of a disk of {@code virtualSize} bytes; {@code name} is for messages. */
    static void apply(InputStream stream, long virtualSize, Sink sink, String name) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        byte[] plain = new byte[DiskStream.PIECE];
        byte[] frame = new byte[MAX_FRAME];
        try {
            byte[] magic = in.readNBytes(DiskStream.MAGIC.length);
            if (!Arrays.equals(magic, DiskStream.MAGIC)) {
                throw damaged(name, "is not a hurdvm disk stream");
            }
            long size = in.readLong();
            if (size != virtualSize) {
                throw damaged(name, "is of a disk of " + size + " bytes, the manifest says " + virtualSize);
            }
            long next = 0;
            long records = 0;
            while (true) {
                byte kind = in.readByte();
                if (kind == DiskStream.END) {
                    if (in.readLong() != records || in.read() != -1) {
                        throw damaged(name, "does not end where its end record says");
                    }
                    return;
                }
                long offset = in.readLong();
                if (offset < next || offset >= virtualSize) {
                    throw damaged(name, "has a record at " + offset + " out of order or outside the disk");
                }
                if (kind == DiskStream.ZERO) {
                    long length = in.readLong();
                    if (length <= 0 || length > virtualSize - offset) {
                        throw damaged(name, "has a zero record of " + length + " bytes at " + offset);
                    }
                    sink.zero(offset, length);
                    next = offset + length;
                } else if (kind == DiskStream.DATA || kind == DiskStream.RAW) {
                    int length = in.readInt();
                    int stored = in.readInt();
                    if (length <= 0 || length > DiskStream.PIECE || length > virtualSize - offset
                            || stored <= 0 || stored > (kind == DiskStream.RAW ? length : MAX_FRAME) || (kind == DiskStream.RAW && stored != length)) {
                        throw damaged(name, "has a data record of " + length + " (" + stored + " stored) bytes at " + offset);
                    }
                    if (kind == DiskStream.RAW) {
                        in.readFully(plain, 0, length);
                    } else {
                        in.readFully(frame, 0, stored);
                        if (decompress(frame, stored, plain, length) != length) {
                            throw damaged(name, "has a data record at " + offset + " that does not decompress to its " + length + " bytes");
                        }
                    }
                    sink.data(offset, ByteBuffer.wrap(plain, 0, length));
                    next = offset + length;
                } else {
                    throw damaged(name, "has a record of unknown kind " + (kind & 0xff));
                }
                records++;
            }
        } catch (EOFException e) {
            throw damaged(name, "ends in the middle of a record");
        }
    }

    /**
     * The bytes a zstd frame decompressed to, or -1 for a frame zstd refuses: zstd-jni reports some
     * bad frames as an error code and others by throwing (found by the fuzzer: an unknown frame
     * descriptor), and a stream from a target is hostile either way.
     */
    private static long decompress(byte[] frame, int stored, byte[] plain, int length) {
        try {
            long n = Zstd.decompressByteArray(plain, 0, length, frame, 0, stored);
            return Zstd.isError(n) ? -1 : n;
        } catch (ZstdException e) {
            return -1;
        }
    }

    private static BackupException damaged(String name, String what) {
        return new BackupException(ErrorKind.DAMAGED, name + " " + what + ": the backup is damaged");
    }
}
