package io.hurdvm.supervisor;

import io.hurdvm.control.ControlException;
import io.hurdvm.console.ExpectSession;
import io.hurdvm.guest.ConsoleProvisioner;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.GuestSshAuthException;
import io.hurdvm.guest.HostKeyChangedException;
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
import io.hurdvm.console.RotatingLog;
import io.hurdvm.instance.ProvisionState;
import java.util.function.Consumer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the console shows a login prompt: provision the guest on first boot (root password from the
 * secret, our SSH key), then wait until an authenticated SSH command works. A guest that refuses our
 * key although it was provisioned (key removed, disk reverted to an older state) is repaired over the
 * console once per boot; a changed host key is reported with the command that fixes it. Failures are
 * recorded with the step that failed; the masked transcript goes to provisioning.log.
 */
final class GuestAccess implements BootWatcher.GuestAccessStep {
    private static final Logger LOG = LoggerFactory.getLogger(GuestAccess.class);
    private static final Duration SSH_STEP = Duration.ofSeconds(10);
    /** One more repair when the first failed or did not help: a loaded guest's console may lose input. */
    private static final int REPAIRS_PER_BOOT = 2;
    private final InstancePaths paths;
    private final StateRecorder recorder;
    private final ThrottledLog sshFailures = new ThrottledLog(LOG, Duration.ofMinutes(1), Clock.systemUTC());
    /** The console is one conversation: boot-time provisioning and a 'reprovision' request take turns. */
    private final ReentrantLock console = new ReentrantLock();
    private final ProvisionStep scripts;

    GuestAccess(InstancePaths paths, StateRecorder recorder) {
        this.paths = paths;
        this.recorder = recorder;
        this.scripts = new ProvisionStep(paths, recorder);
    }

    @Override
    public void afterSshReady(ReadinessTarget target) {
        if (scripts.sshReady()) { // not when a stop or a panic came meanwhile
            scripts.run(target.sshPort(), line -> { });
        }
    }

    /**
     * 'up' on a running instance with new or changed scripts (or --reprovision): run them now. Before
     * this boot's SSH is ready there is nothing to do: the boot's own pass reads the plan then.
     */
    ProvisionState runProvisionScripts(Consumer<String> progress) {
        if (!scripts.sshReady()) {
            return null;
        }
        return scripts.run(recorder.current().sshPort(), progress);
    }

    @Override
    public boolean establish(ReadinessTarget target, Duration timeout) throws InterruptedException {
        if (ProvisioningRecord.readFrom(ProvisioningRecord.fileIn(paths.dir())).isEmpty() && !provision(false)) {
            return false;
        }
        recorder.update(b -> b.message("waiting for an authenticated SSH command"));
        int[] repairs = {0};
        boolean[] lastRepairWorked = {false};
        Wait.forSshCommand((command, t) -> {
            try {
                return runOverSsh(target.sshPort(), command, t);
            } catch (HostKeyChangedException e) {
                recorder.update(b -> b.message(e.getMessage()));
                sshFailures.warn("host key", e.getMessage());
                throw e;
            } catch (GuestSshAuthException e) {
                if (repairs[0] >= REPAIRS_PER_BOOT) {
                    if (lastRepairWorked[0]) { // else provision() recorded why the repair failed
                        recorder.update(b -> b.message("SSH still refuses the instance key after repairing the guest;"
                                + " see provisioning.log, or run 'hurdvm reprovision " + paths.name() + "'"));
                    }
                    sshFailures.warn("auth", e.getMessage() + " even after repairing the guest over the console");
                    throw e;
                }
                repairs[0]++;
                LOG.warn("{} although the guest was provisioned: repairing it over the serial console", e.getMessage());
                recorder.update(b -> b.message("SSH refused the instance key: repairing the guest over the serial console"));
                lastRepairWorked[0] = provision(true);
                if (lastRepairWorked[0]) {
                    recorder.update(b -> b.message("waiting for an authenticated SSH command"));
                }
                throw e;
            } catch (RuntimeException e) {
                sshFailures.warn(e.getClass().getSimpleName(), "SSH not ready yet: " + e.getMessage());
                throw e;
            }
        }, "true").waitUntilReady(target, timeout);
        return true;
    }

    /** 'hurdvm reprovision': repair the guest over the console now, then check SSH once. */
    String reprovision(int sshPort) {
        if (!provision(true)) {
            throw new ControlException(recorder.current().message());
        }
        if (sshPort == 0) {
            return "guest repaired over the console; QEMU has no SSH port yet";
        }
        try {
            int status = runOverSsh(sshPort, "true", SSH_STEP);
            return status == 0 ? "guest repaired; SSH accepts the instance key" : "guest repaired, but 'true' over SSH exited " + status;
        } catch (RuntimeException e) {
            throw new ControlException("guest repaired over the console, but SSH still fails: " + e.getMessage());
        }
    }

    /** One command over SSH with the instance's key (e.g. 'sync' before a template is saved). */
    int runCommand(int port, String command, Duration timeout) {
        return runOverSsh(port, command, timeout);
    }

    private int runOverSsh(int port, String command, Duration timeout) {
        SshKeyPair key = new InstanceSecrets(paths).sshKey();
        SshTarget ssh = SshTarget.withKey(paths.name(), port, key, paths.knownHosts());
        try (GuestSsh session = GuestSsh.connect(ssh, SSH_STEP, SSH_STEP)) {
            return session.run(command, timeout);
        }
    }

    /** Provisions (or, with {@code repair}, re-provisions) over the console; false with the reason recorded. */
    private boolean provision(boolean repair) {
        console.lock();
        try {
            InstanceSecrets secrets = new InstanceSecrets(paths);
            Secret password = secrets.rootPassword();
            SshKeyPair key = secrets.sshKey();
            recorder.update(b -> b.message((repair ? "re-" : "") + "provisioning over the serial console"));
            try (ExpectSession session = ExpectSession.connect(paths.consoleSocket(), SSH_STEP)) {
                try {
                    ConsoleProvisioner provisioner = new ConsoleProvisioner(session, password, key.publicKeyLine(),
                            ProvisioningRecord.fileIn(paths.dir()), ProvisioningTimeouts.defaults(), Clock.systemUTC());
                    ProvisioningRecord record = repair ? provisioner.repair() : provisioner.provision();
                    LOG.info("guest {} ({})", repair ? "repaired" : "provisioned", record.guestKind());
                    return true;
                } finally {
                    saveTranscript(session.transcript().dialogue());
                }
            } catch (ProvisioningException e) {
                recorder.update(b -> b.message("provisioning failed at step " + e.step() + ": " + e.getMessage().lines().findFirst().orElse("")
                        + " (transcript: provisioning.log)"));
                return false;
            }
        } finally {
            console.unlock();
        }
    }

    /** The transcript has every secret masked by the expect engine; kept for diagnosis, beside the scripts' output. */
    private void saveTranscript(String transcript) {
        try (RotatingLog log = new RotatingLog(paths.provisioningLog(), ProvisionStep.LOG_MAX_BYTES, 1)) {
            log.append(("\n== console provisioning transcript, " + java.time.Instant.now() + "\n" + transcript)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot write provisioning.log: {}", e.getMessage());
        }
    }
}
