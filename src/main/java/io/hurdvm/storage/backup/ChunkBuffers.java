package io.hurdvm.storage.backup;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reuses the 1 MiB buffers of one file's {@link ChunkPipeline}: fresh arrays per chunk cost a
 * zeroed MiB and a MiB of garbage each, 1 GiB of both for a 512 MiB disk image encrypted. As many
 * exist as chunks are in flight, a handful; a buffer goes back once its last stage is done with it.
 */
final class ChunkBuffers {
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final int size;

    ChunkBuffers(int size) {
        this.size = size;
    }

    byte[] take() {
        byte[] b = free.poll();
        return b != null ? b : new byte[size];
    }

    void give(byte[] b) {
        free.offer(b);
    }
}
