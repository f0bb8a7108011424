package io.hurdvm.qemu;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether {@code /dev/kvm} can be used by this user at all (not whether it is fast: see {@link AccelDecider}). */
public record KvmDevice(Path path) {
    public enum Availability { MISSING, NO_PERMISSION, USABLE }

    public static KvmDevice standard() {
        return new KvmDevice(Path.of("/dev/kvm"));
    }

    public Availability availability() {
        if (!Files.exists(path)) {
            return Availability.MISSING;
        }
        return Files.isReadable(path) && Files.isWritable(path) ? Availability.USABLE : Availability.NO_PERMISSION;
    }
}
