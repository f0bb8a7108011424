package io.hurdvm.supervisor;

import io.hurdvm.console.RotatingLog;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.GuestSshException;
import io.hurdvm.guest.ProvisionRunner;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.ProvisionPlan;
import io.hurdvm.instance.ProvisionState;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.vm.ProvisionScript;
import io.hurdvm.vm.VmState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the user's provision scripts once SSH works: after each boot's readiness (so {@code up --wait
 * ssh} returns after them, and a guest restarted by the supervisor skips what already ran), and on a
 * running instance when {@code up} brings new or changed scripts. It runs here rather than in the CLI
 * so that {@code serve --up}, containers and the API get the same behaviour without a CLI around.
 * One pass at a time; a plan changed during a pass gets another pass, so no request is lost.
 */
final class ProvisionStep {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionStep.class);
    private static final Duration SSH_STEP = Duration.ofSeconds(15);
    /** provisioning.log: console transcripts and script output, rotated at this size, one old file kept. */
    static final long LOG_MAX_BYTES = 8L * 1024 * 1024;
    private final InstancePaths paths;
    private final StateRecorder recorder;
    private final ProvisionPlan plan;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    ProvisionStep(InstancePaths paths, StateRecorder recorder) {
        this.paths = paths;
        this.recorder = recorder;
        this.plan = new ProvisionPlan(paths);
    }

    /** Runs passes until the plan stops changing or a script fails; the outcome is recorded and returned. */
    ProvisionState run(int sshPort, Consumer<String> progress) {
        oneAtATime.lock();
        try {
            while (true) {
                List<ProvisionScript> scripts = plan.scripts();
                Optional<String> rerun = plan.rerunRequest();
                record(ProvisionState.running(), scripts.isEmpty() ? null : "running provision scripts");
                ProvisionState result = pass(sshPort, scripts, rerun, progress);
                if (result.isFailed() || !changedSince(scripts, rerun)) {
                    record(result, scripts.isEmpty() ? null : message(result));
                    return result;
                }
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    /** New scripts, or a --reprovision other than the one this pass served, arrived during it. */
    private boolean changedSince(List<ProvisionScript> scripts, Optional<String> rerun) {
        Optional<String> now = plan.rerunRequest();
        return !plan.scripts().equals(scripts) || (now.isPresent() && !now.equals(rerun));
    }

    private ProvisionState pass(int sshPort, List<ProvisionScript> scripts, Optional<String> rerun, Consumer<String> progress) {
        if (scripts.isEmpty()) {
            rerun.ifPresent(plan::rerunServed);
            return ProvisionState.done(List.of());
        }
        Consumer<String> told = line -> {
            progress.accept(line);
            record(ProvisionState.running(), line);
        };
        SshTarget target = SshTarget.forInstance(paths, sshPort, new InstanceSecrets(paths).sshKey());
        try (GuestSsh ssh = GuestSsh.connect(target, SSH_STEP, SSH_STEP);
             RotatingLog log = new RotatingLog(paths.provisioningLog(), LOG_MAX_BYTES, 1)) {
            ProvisionRunner.Outcome outcome = new ProvisionRunner(ssh, log::append, Clock.systemUTC())
                    .run(scripts, rerun.isPresent(), told);
            outcome.summaries().forEach(s -> LOG.info("provision: {}", s));
            if (outcome.failure().isPresent()) {
                var f = outcome.failure().get();
                return ProvisionState.failed(outcome.summaries(), f.message(), f.outputTail());
            }
            rerun.ifPresent(plan::rerunServed);
            return ProvisionState.done(outcome.summaries());
        } catch (GuestSshException | IOException e) {
            String why = "provision scripts could not run: " + e.getMessage();
            LOG.warn(why);
            return ProvisionState.failed(List.of(), why, List.of());
        }
    }

    private static String message(ProvisionState s) {
        return s.isFailed() ? s.failure() + " (output: provisioning.log)" : "ssh ready; provision scripts done";
    }

    /** Only while the guest runs: a stop or a panic meanwhile is not overwritten. */
    private void record(ProvisionState state, String message) {
        recorder.update(b -> recorder.current().state() == VmState.RUNNING
                ? (message == null ? b.provision(state) : b.provision(state).message(message)) : b);
    }

    /** Whether the current boot has SSH ready, so a pass can run now. */
    boolean sshReady() {
        return recorder.current().sshReady() && recorder.current().state() == VmState.RUNNING;
    }
}
