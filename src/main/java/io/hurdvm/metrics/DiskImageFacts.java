package io.hurdvm.metrics;

import io.hurdvm.qemu.ImageInfo;

/**
 * What the host sees of an instance's overlay, from {@code qemu-img info -U} (readable while QEMU
 * holds the image).
 *
 * @param allocatedBytes host bytes the file occupies: qemu-img's {@code actual-size}, which for a file
 *                       is its allocated blocks (st_blocks x 512), not its length; a sparse overlay's
 *                       length can be far larger than what it uses
 * @param snapshots      internal qcow2 snapshots
 */
record DiskImageFacts(long allocatedBytes, int snapshots) {
    DiskImageFacts {
        if (allocatedBytes < 0 || snapshots < 0) {
            throw new IllegalArgumentException("negative image facts: " + allocatedBytes + " bytes, " + snapshots + " snapshots");
        }
    }

    static DiskImageFacts of(ImageInfo info) {
        return new DiskImageFacts(info.actualSize(), info.snapshots().size());
    }
}
