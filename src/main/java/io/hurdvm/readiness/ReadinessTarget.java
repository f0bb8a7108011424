package io.hurdvm.readiness;

import io.hurdvm.console.ConsoleBuffer;

/** What a {@link ReadinessCheck} can observe of a booting guest. */
public interface ReadinessTarget {
    /** Console output of the current boot. */
    ConsoleBuffer console();

    /** Host address on which the guest's SSH port is forwarded, e.g. {@code 127.0.0.1}. */
    String host();

    /** Host port forwarded to the guest's port 22. */
    int sshPort();

    /** False once the QEMU process has exited: waiting longer is pointless. */
    boolean processAlive();
}
