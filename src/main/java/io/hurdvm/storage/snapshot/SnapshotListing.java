package io.hurdvm.storage.snapshot;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.qemu.ImageInfo;
import io.hurdvm.qemu.ImageSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * The internal snapshots of an instance disk, oldest first, and what the disk occupies. qcow2 does not
 * account disk use per snapshot (snapshots share clusters with each other and the live image), so only
 * the overlay's total is known.
 *
 * @param diskActualBytes  bytes the overlay file occupies on the host, snapshots and saved memory included
 * @param diskVirtualBytes the guest-visible disk size
 */
public record SnapshotListing(List<ImageSnapshot> snapshots, long diskActualBytes, long diskVirtualBytes) {
    public SnapshotListing {
        snapshots = List.copyOf(snapshots);
    }

    static SnapshotListing of(ImageInfo info) {
        return new SnapshotListing(info.snapshots(), info.actualSize(), info.virtualSize());
    }

    public Optional<ImageSnapshot> find(SnapshotName name) {
        return snapshots.stream().filter(s -> s.name().equals(name.value())).findFirst();
    }

    /** The snapshot, or a {@link SnapshotException} that lists the names there are. */
    public ImageSnapshot require(SnapshotName name, String instance) {
        return find(name).orElseThrow(() -> new SnapshotException(ErrorKind.NOT_FOUND,
                "instance " + instance + " has no snapshot '" + name + "' (existing: " + names() + ")"));
    }

    void requireAbsent(SnapshotName name, String instance) {
        if (find(name).isPresent()) {
            throw new SnapshotException(ErrorKind.CONFLICT, "instance " + instance
                    + " already has a snapshot '" + name + "': delete it first or choose another name");
        }
    }

    private String names() {
        return snapshots.isEmpty() ? "none" : String.join(", ", snapshots.stream().map(ImageSnapshot::name).toList());
    }
}
