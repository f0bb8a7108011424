package io.hurdvm.supervisor;

import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.secret.InstanceSecrets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest's own shutdown, for guests that ignore ACPI power-down: {@code poweroff} over SSH with
 * the instance key (Debian GNU/Hurd and the Linux test guest both have it).
 */
final class SshPoweroff implements ShutdownSequence.GuestPoweroff {
    private static final Logger LOG = LoggerFactory.getLogger(SshPoweroff.class);
    private final InstancePaths paths;
    private final StateRecorder recorder;

    SshPoweroff(InstancePaths paths, StateRecorder recorder) {
        this.paths = paths;
        this.recorder = recorder;
    }

    @Override
    public boolean send(Duration timeout) {
        int port = recorder.current().sshPort();
        if (port == 0 || !recorder.current().sshReady()) {
            LOG.info("no SSH access to the guest: skipping poweroff over SSH");
            return false;
        }
        SshTarget target = SshTarget.withKey(paths.name(), port, new InstanceSecrets(paths).sshKey(), paths.knownHosts());
        GuestSsh ssh;
        try {
            ssh = GuestSsh.connect(target, timeout, timeout);
        } catch (RuntimeException e) {
            LOG.info("cannot reach the guest over SSH for poweroff: {}", e.getMessage());
            return false;
        }
        try (ssh) {
            ssh.run("poweroff", timeout);
        } catch (RuntimeException e) {
            // The session often drops before an exit status arrives: the guest is going down.
            LOG.info("poweroff over SSH ended with: {}", e.getMessage());
        }
        return true;
    }
}
