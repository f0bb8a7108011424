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
        RunningInstance vm = RunningInstance.require(ctx, rawName);
        InstanceView view = ctx.view(vm.name());
        if (view.ssh() == null) {
            throw new CliException(ErrorKind.VM_FAILED, "instance " + vm.name() + " has no SSH port yet");
        }
        int port = Integer.parseInt(view.ssh().substring(view.ssh().lastIndexOf(':') + 1));
        SshTarget target = SshTarget.withKey(vm.name().value(), port, new InstanceSecrets(vm.paths()).sshKey(), vm.paths().knownHosts());
        return GuestSsh.connect(target, STEP, STEP);
    }
}
