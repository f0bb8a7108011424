package io.hurdvm.lifecycle;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.qemu.QemuImg;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * What an instance's overlay occupies on the host: qemu-img's {@code actual-size} (the file's allocated
 * blocks), not its length, which for a sparse qcow2 can be far larger. {@code -U}: readable while QEMU
 * holds the image.
 */
final class OverlayDiskUse {
    private final QemuImg qemuImg;

    OverlayDiskUse(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    /**
     * Starts measuring each of {@code overlays}, in order, on a daemon thread: the caller reads other
     * files meanwhile. The supplier waits for the results, one per overlay; interrupted, it gives up
     * on them (all empty) and keeps the interrupt.
     */
    Supplier<List<Optional<Long>>> inBackground(List<InstancePaths> overlays) {
        FutureTask<List<Optional<Long>>> task = new FutureTask<>(() -> overlays.stream().map(this::of).toList());
        Thread.ofPlatform().daemon().name("disk-use").start(task);
        return () -> {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return overlays.stream().map(o -> Optional.<Long>empty()).toList();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        };
    }

    /** Empty when the instance has no overlay yet or qemu-img cannot read it (the list shows '-'). */
    Optional<Long> of(InstancePaths paths) {
        if (!Files.isRegularFile(paths.disk())) {
            return Optional.empty();
        }
        try {
            return Optional.of(qemuImg.info(paths.disk()).actualSize());
        } catch (RuntimeException e) {
            // Got here, not at class load: that set up Logback (about a fifth of `hurdvm list`'s time) for a line rarely logged.
            LoggerFactory.getLogger(OverlayDiskUse.class).debug("disk use of {} not measured: {}", paths.disk(), e.getMessage());
            return Optional.empty();
        }
    }
}
