package io.hurdvm.storage.backup;

import io.hurdvm.storage.nbd.NbdClient;
import java.nio.ByteBuffer;

/**
 * Applies a {@link DiskStream} to a disk served over NBD (a restore's new image behind qemu-nbd), with
 * several writes in flight: whoever applies streams ends with {@link NbdClient#flush}, which waits for them.
 */
final class NbdDiskSink implements DiskStreamReader.Sink {
    private final NbdClient disk;
    private boolean allZero;

    /** @param allZero the disk is new and reads as zeroes: zero extents need no write until {@link #written} */
    NbdDiskSink(NbdClient disk, boolean allZero) {
        this.disk = disk;
        this.allZero = allZero;
    }

    /** One stream was applied: the next may zero what this one wrote. */
    void written() {
        allZero = false;
    }

    @Override
    public void data(long offset, ByteBuffer bytes) {
        disk.queueWrite(offset, bytes);
    }

    @Override
    public void zero(long offset, long length) {
        if (allZero) {
            return; // a full backup's holes on a new disk: half of a typical disk's requests, for nothing
        }
        for (long at = offset; at < offset + length; ) {
            int n = (int) Math.min(disk.maxRequest(), offset + length - at);
            disk.queueWriteZeroes(at, n);
            at += n;
        }
    }
}
