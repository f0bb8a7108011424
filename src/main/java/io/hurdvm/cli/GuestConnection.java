package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.secret.InstanceSecrets;
import java.time.Duration;

/** Opens an SSH session to a running instance with its own key and pinned host key. */
final class GuestConnection {
    private static final Duration STEP = Duration.ofSeconds(15);

    private GuestConnection() {
    }

    static GuestSsh open(CliContext ctx, String rawName) {
        return connect(target(ctx, rawName));
    }

    /** Where and how to reach a running instance's guest; fails (exit 5) while it has no SSH port. */
    static SshTarget target(CliContext ctx, String rawName) {
        RunningInstance vm = RunningInstance.require(ctx, rawName);
        return target(vm, sshPort(ctx, vm));
    }

    /** With the instance's key loaded: only the built-in client needs it (OpenSSH reads the file). */
    static SshTarget target(RunningInstance vm, int port) {
        return SshTarget.withKey(vm.name().value(), port, new InstanceSecrets(vm.paths()).sshKey(), vm.paths().knownHosts());
    }

    /** The host port forwarded to the guest's SSH; fails (exit 5) while it has none. */
    static int sshPort(CliContext ctx, RunningInstance vm) {
        return sshPort(vm, ctx.view(vm.name()));
    }

    /** The same, from a view of the instance already read. */
    static int sshPort(RunningInstance vm, InstanceView view) {
        if (view.ssh() == null) {
            throw new CliException(ErrorKind.VM_FAILED, "instance " + vm.name() + " has no SSH port yet");
        }
        return Integer.parseInt(view.ssh().substring(view.ssh().lastIndexOf(':') + 1));
    }

    static GuestSsh connect(SshTarget target) {
        return GuestSsh.connect(target, STEP, STEP);
    }
}
