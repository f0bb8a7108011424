package io.hurdvm.storage.backup;

import io.hurdvm.storage.nbd.NbdClient;
import java.nio.ByteBuffer;

/** Applies a {@link DiskStream} to a disk served over NBD (a restore's new image behind qemu-nbd). */
final class NbdDiskSink implements DiskStreamReader.Sink {
    private final NbdClient disk;

    NbdDiskSink(NbdClient disk) {
        this.disk = disk;
    }

    @Override
    public void data(long offset, ByteBuffer bytes) {
        disk.write(offset, bytes);
    }

    @Override
    public void zero(long offset, long length) {
        for (long at = offset; at < offset + length; ) {
            int n = (int) Math.min(disk.maxRequest(), offset + length - at);
            disk.writeZeroes(at, n);
            at += n;
        }
    }
}
