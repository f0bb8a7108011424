package io.hurdvm.qmp;

import java.util.Objects;

/**
 * The run state QEMU reports via {@code query-status}.
 *
 * @param status QEMU's RunState, e.g. {@code running}, {@code paused}, {@code prelaunch}, {@code shutdown}
 * @param running whether guest CPUs are executing
 */
public record VmStatus(String status, boolean running) {
    public VmStatus {
        Objects.requireNonNull(status, "status");
    }
}
