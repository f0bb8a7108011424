package io.hurdvm.qmp;

import java.util.List;
import java.util.Objects;

/**
 * The first message QEMU sends on a QMP socket.
 *
 * @param capabilities optional protocol capabilities QEMU offers (e.g. {@code "oob"}); this client enables none
 */
public record QmpGreeting(QemuVersion version, List<String> capabilities) {
    public QmpGreeting {
        Objects.requireNonNull(version, "version");
        capabilities = List.copyOf(capabilities);
    }
}
