package io.hurdvm.supervisor;

import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.secret.InstanceSecrets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest's own shutdown, what tools that run Hurd in CI use: {@code poweroff} over SSH with the
 * instance key, after a sync. The Hurd FAQ asks for {@code syncfs} before halting, because a halt can
 * leave file systems unclean; {@code sync} covers guests without it (the Linux test guest).
 */
final class SshPoweroff implements ShutdownSequence.GuestPoweroff {
    private static final Logger LOG = LoggerFactory.getLogger(SshPoweroff.class);
    static final String COMMAND = "sync; if command -v syncfs >/dev/null 2>&1; then syncfs; fi; poweroff";
    private final InstancePaths paths;
    private final StateRecorder recorder;

    SshPoweroff(InstancePaths paths, StateRecorder recorder) {
        this.paths = paths;
        this.recorder = recorder;
    }

    /**
     * Once the guest has booted (a login prompt was seen, or SSH worked) it is worth a try: an SSH
     * server that is not up yet refuses at once, so a failed try costs little.
     */
    @Override
    public boolean available() {
        var s = recorder.current();
        return s.sshPort() != 0 && (s.sshReady() || s.consoleReady());
    }

    @Override
    public boolean send(Duration timeout) {
        int port = recorder.current().sshPort();
        SshTarget target = SshTarget.withKey(paths.name(), port, new InstanceSecrets(paths).sshKey(), paths.knownHosts());
        GuestSsh ssh;
        try {
            ssh = GuestSsh.connect(target, timeout, timeout);
        } catch (RuntimeException e) {
            LOG.info("cannot reach the guest over SSH for poweroff: {}", e.getMessage());
            return false;
        }
        try (ssh) {
            ssh.run(COMMAND, timeout);
        } catch (RuntimeException e) {
            // The session often drops before an exit status arrives: the guest is going down.
            LOG.info("poweroff over SSH ended with: {}", e.getMessage());
        }
        return true;
    }
}
