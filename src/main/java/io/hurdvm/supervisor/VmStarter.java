package io.hurdvm.supervisor;

import io.hurdvm.console.SerialHub;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.AdoptedQemu;
import io.hurdvm.vm.VmSpec;

/** Starts a VM for a spec, or takes over one a dead supervisor left; {@link QemuStarter} in production. */
interface VmStarter {
    /** Thrown when the VM exits or cannot be reached during start-up: a configuration problem, not a crash. */
    final class StartupFailedException extends Exception {
        StartupFailedException(String message) {
            super(message);
        }
    }

    VmRun start(VmSpec spec, AccelDecision accel, int sshPort, SerialHub hub) throws StartupFailedException, InterruptedException;

    VmRun adopt(AdoptedQemu orphan, SerialHub hub) throws StartupFailedException;
}
