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
        return new DeviceNode(Path.of("/dev/kvm"));
    }

    /** The real check on a device node: exists, and readable and writable by this process. */
    record DeviceNode(Path path) implements KvmDevice {
        @Override
        public Availability availability() {
            if (!Files.exists(path)) {
                return Availability.MISSING;
            }
            return Files.isReadable(path) && Files.isWritable(path) ? Availability.USABLE : Availability.NO_PERMISSION;
        }
    }
}
