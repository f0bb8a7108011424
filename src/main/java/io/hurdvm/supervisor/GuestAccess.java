package io.hurdvm.supervisor;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.guest.ConsoleProvisioner;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.ProvisioningException;
import io.hurdvm.guest.ProvisioningRecord;
import io.hurdvm.guest.ProvisioningTimeouts;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.readiness.ReadinessTarget;
import io.hurdvm.readiness.Wait;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.secret.Secret;
import io.hurdvm.secret.SshKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the console shows a login prompt: provision the guest on first boot (root password from the
 * secret, our SSH key), then wait until an authenticated SSH command works. Failures are recorded
 * with the step that failed; the masked transcript goes to provisioning.log.
 */
final class GuestAccess implements BootWatcher.GuestAccessStep {
    private static final Logger LOG = LoggerFactory.getLogger(GuestAccess.class);
    private static final Duration SSH_STEP = Duration.ofSeconds(10);
    private final InstancePaths paths;
    private final StateRecorder recorder;

    GuestAccess(InstancePaths paths, StateRecorder recorder) {
        this.paths = paths;
        this.recorder = recorder;
    }

    @Override
    public boolean establish(ReadinessTarget target, Duration timeout) throws InterruptedException {
        InstanceSecrets secrets = new InstanceSecrets(paths);
        Secret password = secrets.rootPassword();
        SshKeyPair key = secrets.sshKey();
        if (ProvisioningRecord.readFrom(ProvisioningRecord.fileIn(paths.dir())).isEmpty() && !provision(password, key)) {
            return false;
        }
        recorder.update(b -> b.message("waiting for an authenticated SSH command"));
        SshTarget ssh = SshTarget.withKey(paths.name(), target.sshPort(), key, paths.knownHosts());
        Wait.forSshCommand((command, t) -> {
            try (GuestSsh session = GuestSsh.connect(ssh, SSH_STEP, SSH_STEP)) {
                return session.run(command, t);
            }
        }, "true").waitUntilReady(target, timeout);
        return true;
    }

    private boolean provision(Secret password, SshKeyPair key) {
        recorder.update(b -> b.message("provisioning over the serial console"));
        try (ExpectSession console = ExpectSession.connect(paths.consoleSocket(), SSH_STEP)) {
            try {
                ProvisioningRecord record = new ConsoleProvisioner(console, password, key.publicKeyLine(),
                        ProvisioningRecord.fileIn(paths.dir()), ProvisioningTimeouts.defaults(), Clock.systemUTC()).provision();
                LOG.info("guest provisioned ({})", record.guestKind());
                return true;
            } finally {
                saveTranscript(console.transcript().dialogue());
            }
        } catch (ProvisioningException e) {
            recorder.update(b -> b.message("provisioning failed at step " + e.step() + ": " + e.getMessage().lines().findFirst().orElse("")
                    + " (transcript: provisioning.log)"));
            return false;
        }
    }

    /** The transcript has every secret masked by the expect engine; kept for diagnosis. */
    private void saveTranscript(String transcript) {
        try {
            Files.writeString(paths.dir().resolve("provisioning.log"), transcript, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot write provisioning.log: {}", e.getMessage());
        }
    }
}
