package io.hurdvm.lifecycle;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.qemu.QemuImg;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an instance's overlay occupies on the host: qemu-img's {@code actual-size} (the file's allocated
 * blocks), not its length, which for a sparse qcow2 can be far larger. {@code -U}: readable while QEMU
 * holds the image.
 */
final class OverlayDiskUse {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayDiskUse.class);

    private final QemuImg qemuImg;

    OverlayDiskUse(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    /** Empty when the instance has no overlay yet or qemu-img cannot read it (the list shows '-'). */
    Optional<Long> of(InstancePaths paths) {
        if (!Files.isRegularFile(paths.disk())) {
            return Optional.empty();
        }
        try {
            return Optional.of(qemuImg.info(paths.disk()).actualSize());
        } catch (RuntimeException e) {
            LOG.debug("disk use of {} not measured: {}", paths.disk(), e.getMessage());
            return Optional.empty();
        }
    }
}
