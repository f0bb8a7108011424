package io.hurdvm.qemu;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether {@code /dev/kvm} can be used by this user at all (not whether it is fast: see
 * {@link AccelDecider}). An interface because root passes every permission check, so the
 * no-permission case can only be tested with a stand-in.
 */
public interface KvmDevice {
    enum Availability { MISSING, NO_PERMISSION, USABLE }

    Path path();

    Availability availability();

    static KvmDevice standard() {
        return at(Path.of("/dev/kvm"));
    }

    static KvmDevice at(Path path) {
        return new KvmDevice() {
            @Override
            public Path path() {
                return path;
            }

            @Override
            public Availability availability() {
                if (!Files.exists(path)) {
                    return Availability.MISSING;
                }
                return Files.isReadable(path) && Files.isWritable(path) ? Availability.USABLE : Availability.NO_PERMISSION;
            }
        };
    }
}
