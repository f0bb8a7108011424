package io.hurdvm.lifecycle.drill;

import io.hurdvm.config.SettingKey;
import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.guest.StderrTail;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.UpRequest;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.limits.FitCheck;
import io.hurdvm.limits.FsRoot;
import io.hurdvm.limits.LimitsReport;
import io.hurdvm.progress.Progress;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.storage.backup.BackupCatalog;
import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.backup.BackupId;
import io.hurdvm.storage.backup.BackupImages;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.storage.backup.RestoreRequest;
import io.hurdvm.storage.backup.RestoreService;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The real steps of a drill: {@link RestoreService} from the drill's target (with the same trust rules as
 * {@code restore}: with a key every link authenticated), {@link FitCheck} against the host's limits and
 * free memory, {@link InstanceService} up until SSH answers, the check command over SSH with the
 * instance's key, and {@code down --force} plus {@code rm} to discard it.
 */
final class LiveDrillSteps implements DrillSteps {
    private static final Duration SSH_STEP = Duration.ofSeconds(15);
    /** A throwaway guest's disk is deleted right after: it is stopped at once, not shut down gracefully. */
    private static final Duration STOP = Duration.ofSeconds(30);

    private final InstanceService service;
    private final Supplier<BackupTarget> source;
    private final String instance;
    private final Supplier<Optional<BackupKey>> key;
    private final Optional<String> check;
    private final Duration bootTimeout;
    private final Duration checkTimeout;
    private final Map<String, String> env;
    private final Consumer<String> log;

    /**
     * @param source   opens the target the backups are on; opened (and closed) by the restore step, so that an
     *                 unreachable target or unreadable credentials fail the drill like any other step
     * @param instance the instance whose latest backup is restored; it is only ever read
     * @param key      reads the backup key, if any, likewise in the restore step
     * @param log      where the steps are told as they happen
     */
    LiveDrillSteps(InstanceService service, Supplier<BackupTarget> source, String instance, Supplier<Optional<BackupKey>> key,
                   Optional<String> check,
                   Duration bootTimeout, Duration checkTimeout, Map<String, String> env, Consumer<String> log) {
        this.service = service;
        this.source = source;
        this.instance = instance;
        this.key = key;
        this.check = check;
        this.bootTimeout = bootTimeout;
        this.checkTimeout = checkTimeout;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    @Override
    public boolean exists(InstanceName name) {
        return service.store().exists(name) || java.nio.file.Files.exists(service.store().paths(name).dir());
    }

    @Override
    public BackupManifest restore(InstanceName throwaway) {
        Optional<BackupKey> k = key.get();
        try (BackupTarget target = source.get()) {
            BackupId latest = new BackupCatalog(target, instance).resolve("latest");
            log.accept("restoring " + instance + " backup " + latest + " from " + target.uri() + " as " + throwaway);
            RestoreService.RestoreResult r = new RestoreService(service.store(), new BackupImages()).restore(target,
                    new RestoreRequest(instance, latest, throwaway, false, k, false, false), steps());
            return r.chain().getLast();
        }
    }

    @Override
    public void requireRoom(InstanceName throwaway) {
        LimitsReport limits = FitCheck.of(FsRoot.SYSTEM, env).evaluate(service.store().loadSpec(throwaway));
        if (!limits.fits()) {
            throw new BackupException("the host's limits leave no room for the restored guest: " + limits.refusal());
        }
        // Unlike 'up', a drill is optional work: it never pushes the host's own guests towards swap or the OOM killer.
        if (limits.requiredMib() > limits.hostMemAvailableMib()) {
            throw new BackupException("the restored guest needs " + limits.requiredMib() + " MiB (guest RAM and QEMU's overhead) but the"
                    + " host has only " + limits.hostMemAvailableMib() + " MiB available now; the drill runs again at its next time");
        }
    }

    @Override
    public void boot(InstanceName throwaway) throws InterruptedException {
        Map<SettingKey, String> settings = new EnumMap<>(SettingKey.class);
        settings.put(SettingKey.WAIT, "ssh");
        settings.put(SettingKey.TIMEOUT, bootTimeout.toSeconds() + "s");
        InstanceService.PreparedUp prepared = service.prepare(new UpRequest(throwaway.value(), settings, Optional.empty(), Optional.empty()), log);
        UpResult up = service.startAndWait(prepared, log, progress -> { });
        if (up.outcome() != UpResult.Outcome.READY) {
            throw new BackupException("the restored instance did not answer SSH within " + bootTimeout.toSeconds() + " s: " + up.message());
        }
    }

    @Override
    public void check(InstanceName throwaway) {
        if (check.isEmpty()) {
            return;
        }
        InstancePaths paths = service.store().paths(throwaway);
        InstanceView view = service.view(throwaway);
        if (view.ssh() == null) {
            throw new BackupException("the restored instance has no SSH port to run the check on");
        }
        int port = Integer.parseInt(view.ssh().substring(view.ssh().lastIndexOf(':') + 1));
        log.accept("running the check in " + throwaway + ": " + check.get());
        StderrTail out = new StderrTail();
        StderrTail err = new StderrTail();
        int status;
        try (GuestSsh ssh = GuestSsh.connect(SshTarget.withKey(throwaway.value(), port, new InstanceSecrets(paths).sshKey(), paths.knownHosts()),
                SSH_STEP, SSH_STEP)) {
            status = ssh.exec(check.get(), out, err, checkTimeout);
        }
        if (status != 0) {
            String said = err.firstLine().isEmpty() ? out.firstLine() : err.firstLine();
            throw new BackupException("the check command exited " + status + " in the restored guest" + (said.isEmpty() ? "" : ": " + said));
        }
    }

    @Override
    public void discard(InstanceName throwaway) throws Exception {
        InstanceStore store = service.store();
        if (store.exists(throwaway)) {
            service.down(throwaway, STOP, true, log);
            service.remove(throwaway);
        } else if (java.nio.file.Files.exists(store.paths(throwaway).dir())) {
            store.remove(throwaway);
        }
        store.removeWorkFolders(throwaway);
    }

    /** Restore's progress as log lines: its steps only, not every percent. */
    private Progress steps() {
        return new Progress() {
            @Override
            public void step(String message) {
                log.accept(message);
            }
        };
    }
}
