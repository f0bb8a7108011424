package io.hurdvm.image;

import io.hurdvm.qemu.QemuImg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds users by looking at what the instances' disks actually point at: the backing file recorded
 * in each {@code instances/<name>/disk.qcow2}, read with {@code qemu-img info -U} (a running VM
 * holds the image lock). The disk header is the truth; no separate bookkeeping can drift from it.
 */
public final class InstanceOverlayUsers implements ImageUsers {
    private final Path instancesDir;
    private final QemuImg qemuImg;

    public InstanceOverlayUsers(Path instancesDir, QemuImg qemuImg) {
        this.instancesDir = instancesDir;
        this.qemuImg = qemuImg;
    }

    @Override
    public List<String> usersOf(Path blob) {
        if (!Files.isDirectory(instancesDir)) {
            return List.of();
        }
        Path target = canonical(blob);
        List<String> users = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(instancesDir)) {
            for (Path dir : dirs.sorted().toList()) {
                Path disk = dir.resolve("disk.qcow2");
                if (Files.isRegularFile(disk) && backedBy(disk, target)) {
                    users.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw ImageException.io("cannot list instances in " + instancesDir + ": " + e.getMessage(), e);
        }
        return users;
    }

    private boolean backedBy(Path disk, Path target) {
        return qemuImg.info(disk).backingFile().map(backing -> canonical(disk.getParent().resolve(backing)).equals(target)).orElse(false);
    }

    private static Path canonical(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize(); // a missing file still compares by its spelled path
        }
    }
}
