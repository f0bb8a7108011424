package io.hurdvm.storage.backup;

import com.github.luben.zstd.Zstd;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.storage.nbd.NbdClient;
import io.hurdvm.storage.nbd.NbdExtent;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The disk of a format-3 backup: a stream of extent records read once through NBD, each piece
 * compressed with zstd on a {@link ChunkPipeline} (both cores) and written in disk order. Layout:
 * {@code HVDISK01}, the virtual size (8 bytes); then records: {@code 'D'} offset (8), length (4),
 * stored length (4), zstd frame; {@code 'R'} the same with the bytes as they are (incompressible);
 * {@code 'Z'} offset (8), length (8): reads as zeroes; finally {@code 'E'} and the number of records
 * before it (8). Offsets only grow and records never overlap; a disk range with no record is
 * unchanged from the parent backup (a full backup covers every byte). The stream goes through
 * {@link GcmChunkedFile} when encrypted; {@link DiskStreamReader} reads it back.
 */
final class DiskStream {
    static final byte[] MAGIC = "HVDISK01".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length + 8;
    /** Data records hold at most this much disk: the unit of parallel compression. */
    static final int PIECE = 1 << 20;
    static final byte DATA = 'D';
    static final byte RAW = 'R';
    static final byte ZERO = 'Z';
    static final byte END = 'E';
    /** zstd level 1: at 2 cores the compression must keep up with the disk (bench/loop). */
    static final int LEVEL = 1;
    private static final byte[] ZEROES = new byte[PIECE];

    /** What a block status extent means for the backup. */
    enum Action { SKIP, ZERO, READ }

    /** What the stream holds: bytes of the disk read, and bytes recorded as zero. */
    record Summary(long readBytes, long zeroBytes, long records) {
    }

    private record Piece(long offset, int length, byte kind, byte[] stored, int storedLength) {
    }

    private DiskStream() {
    }

    /**
     * Writes the stream of {@code disk}: block status in meta context {@code contextId}, classified by
     * {@code action} (from an extent's flags), decides what is read, recorded as zero, or left out.
     * Pieces that read as all zeroes are recorded as zero too.
     */
    static Summary write(NbdClient disk, int contextId, IntFunction<Action> action, OutputStream target) throws IOException {
        return write(disk, contextId, action, target, 0);
    }

    /** As above, reading at most {@code bytesPerSecond} (0: unlimited) to spare the guest's disk I/O. */
    static Summary write(NbdClient disk, int contextId, IntFunction<Action> action, OutputStream target, long bytesPerSecond) throws IOException {
        Pace pace = new Pace(bytesPerSecond);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
        out.write(MAGIC);
        out.writeLong(disk.size());
        ChunkBuffers plains = new ChunkBuffers(PIECE);
        ChunkBuffers frames = new ChunkBuffers((int) Zstd.compressBound(PIECE));
        long[] counts = new long[3]; // read, zero, records (the write stage only)
        ChunkPipeline.Stage<Piece> write = p -> {
            out.writeByte(p.kind());
            out.writeLong(p.offset());
            if (p.kind() == ZERO) {
                out.writeLong(p.length());
                counts[1] += p.length();
            } else {
                out.writeInt(p.length());
                out.writeInt(p.storedLength());
                out.write(p.stored(), 0, p.storedLength());
                counts[0] += p.length();
                (p.kind() == RAW ? plains : frames).give(p.stored());
            }
            counts[2]++;
        };
        int step = Math.min(disk.maxRequest(), 64 << 20) & ~(PIECE - 1);
        try (ChunkPipeline<Piece> pipeline = new ChunkPipeline<>("disk-stream", write)) {
            long at = 0;
            while (at < disk.size()) {
                List<NbdExtent> extents = disk.blockStatus(contextId, at, (int) Math.min(Math.max(step, PIECE), disk.size() - at));
                for (NbdExtent e : extents) {
                    switch (action.apply(e.flags())) {
                        case SKIP -> { }
                        case ZERO -> pipeline.submit(() -> new Piece(e.offset(), (int) e.length(), ZERO, null, 0));
                        case READ -> readExtent(disk, e, pipeline, plains, frames, pace);
                    }
                }
                at = extents.getLast().end();
            }
            pipeline.finish();
        }
        out.writeByte(END);
        out.writeLong(counts[2]);
        out.flush();
        return new Summary(counts[0], counts[1], counts[2]);
    }

    private static void readExtent(NbdClient disk, NbdExtent e, ChunkPipeline<Piece> pipeline, ChunkBuffers plains,
                                   ChunkBuffers frames, Pace pace) throws IOException {
        for (long at = e.offset(); at < e.end(); ) {
            int n = (int) Math.min(PIECE - (at % PIECE), e.end() - at); // pieces aligned to PIECE
            byte[] buf = plains.take();
            pace.before(n);
            disk.read(at, ByteBuffer.wrap(buf, 0, n));
            long offset = at;
            pipeline.submit(() -> compress(offset, buf, n, plains, frames));
            at += n;
        }
    }

    /** Holds reads to a rate: waits before a read until the bytes so far fit the elapsed time. */
    private static final class Pace {
        private final long bytesPerSecond;
        private final long start = System.nanoTime();
        private long bytes;

        Pace(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        void before(int n) throws IOException {
            if (bytesPerSecond <= 0) {
                return;
            }
            long due = start + (long) (bytes * 1e9 / bytesPerSecond);
            bytes += n;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // a rate limit, not a synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("backup interrupted");
                }
            }
        }
    }

    private static Piece compress(long offset, byte[] plain, int n, ChunkBuffers plains, ChunkBuffers frames) {
        if (Arrays.equals(plain, 0, n, ZEROES, 0, n)) {
            plains.give(plain);
            return new Piece(offset, n, ZERO, null, 0);
        }
        byte[] frame = frames.take();
        long size = Zstd.compressByteArray(frame, 0, frame.length, plain, 0, n, LEVEL);
        if (Zstd.isError(size)) {
            throw new BackupException(ErrorKind.FAILURE, "zstd compression failed: " + Zstd.getErrorName(size));
        }
        if (size >= n) {
            frames.give(frame);
            return new Piece(offset, n, RAW, plain, n);
        }
        plains.give(plain);
        return new Piece(offset, n, DATA, frame, (int) size);
    }
}
