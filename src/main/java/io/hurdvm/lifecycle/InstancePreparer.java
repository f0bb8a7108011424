package io.hurdvm.lifecycle;

import io.hurdvm.instance.InstanceStore;
import io.hurdvm.qemu.DiskImageVerdict;
import io.hurdvm.qemu.PortProbe;
import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Checks everything that can be checked before anything is created or started, so bad input
 * leaves no trace: the image exists and is a disk image, the SSH port and forwarded ports are free,
 * the spec is valid.
 */
public final class InstancePreparer {
    private final InstanceStore store;
    private final QemuImg qemuImg;
    /**
     * The last image this preparer found to be a disk image. {@code up} of a new instance checks its
     * image before taking the instance's lock (bad input leaves no trace), after it, and as it makes
     * the overlay: one qemu-img run serves all three while the file is the same (its identity, size and
     * time of change), and the overlay is made with the format and size it read, instead of one run
     * each on the way to QEMU's start (issue 14).
     */
    private CheckedImage lastChecked;

    private record CheckedImage(Path path, Object fileKey, long size, long modifiedNanos, DiskImageVerdict verdict) {
        static CheckedImage of(Path path, DiskImageVerdict verdict) throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new CheckedImage(path, a.fileKey(), a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), verdict);
        }

        boolean sameFile(CheckedImage other) {
            return path.equals(other.path) && Objects.equals(fileKey, other.fileKey) && size == other.size
                    && modifiedNanos == other.modifiedNanos;
        }
    }

    public InstancePreparer(InstanceStore store) {
        this(store, new QemuImgCli());
    }

    public InstancePreparer(InstanceStore store, QemuImg qemuImg) {
        this.store = store;
        this.qemuImg = qemuImg;
    }

    /** Everything that can be checked without changing anything. */
    public void validate(VmSpec spec, boolean exists) {
        if (exists) {
            requireSameImage(store.loadSpec(spec.name()), spec);
        } else {
            checkImage(spec);
        }
        checkPort(spec);
    }

    /** An instance is an overlay on its base image for good. */
    static void requireSameImage(VmSpec saved, VmSpec wanted) {
        if (!saved.baseImage().equals(wanted.baseImage())) {
            throw new InvalidSpecException("instance " + wanted.name() + " is an overlay on " + saved.baseImage()
                    + " and cannot switch to " + wanted.baseImage() + ": create a new instance, or 'hurdvm rm' this one");
        }
    }

    public void create(VmSpec spec) {
        DiskImageVerdict image = checkImage(spec);
        checkPort(spec);
        store.create(spec, (s, overlay) -> qemuImg.createOverlay(s.baseImage(), image, overlay, s.diskSizeBytes()));
    }

    private DiskImageVerdict checkImage(VmSpec spec) {
        if (!Files.exists(spec.baseImage())) {
            throw new InvalidSpecException("image " + spec.baseImage() + " does not exist: check --image");
        }
        if (!Files.isReadable(spec.baseImage()) || Files.isDirectory(spec.baseImage())) {
            throw new InvalidSpecException("image " + spec.baseImage() + " is not a readable file: check --image");
        }
        CheckedImage before = identity(spec.baseImage(), null);
        if (before != null && lastChecked != null && lastChecked.sameFile(before)) {
            return lastChecked.verdict();
        }
        DiskImageVerdict verdict = qemuImg.isDiskImage(spec.baseImage());
        if (!verdict.isDiskImage()) {
            throw new InvalidSpecException(verdict.reason().orElse(spec.baseImage() + " is not a disk image"));
        }
        // Remembered only when the file did not change while qemu-img read it.
        CheckedImage after = identity(spec.baseImage(), verdict);
        lastChecked = before != null && after != null && after.sameFile(before) ? after : null;
        return verdict;
    }

    private static CheckedImage identity(Path image, DiskImageVerdict verdict) {
        try {
            return CheckedImage.of(image, verdict);
        } catch (IOException e) {
            return null; // not remembered: checked again next time
        }
    }

    public void update(VmSpec spec) {
        validate(spec, true);
        store.saveSpec(spec);
    }

    /** SSH and every forward: the address is this host's, the port free and ours to take. */
    private static void checkPort(VmSpec spec) {
        PortProbe.requireSshPortFree(spec.ssh().hostAddress(), spec.ssh().hostPort());
        spec.forwards().forEach(PortProbe::requireFree);
    }
}
