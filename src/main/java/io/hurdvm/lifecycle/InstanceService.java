package io.hurdvm.lifecycle;

import io.hurdvm.proc.ProcStat;
import io.hurdvm.env.HostEnvironment;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.ConfigFile;
import io.hurdvm.config.SettingKey;
import io.hurdvm.config.SettingSource;
import io.hurdvm.config.Settings;
import io.hurdvm.config.SizeParser;
import io.hurdvm.config.SpecResolver;
import io.hurdvm.instance.InstanceLock;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceProcesses;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.limits.FitCheck;
import io.hurdvm.limits.FsRoot;
import io.hurdvm.limits.LimitsReport;
import io.hurdvm.proc.ProcessIdentity;
import io.hurdvm.qemu.AccelDecider;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.DiskIo;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.secret.RootPassword;
import io.hurdvm.secret.RootPasswordOrigin;
import io.hurdvm.control.ControlClient;
import io.hurdvm.control.ControlException;
import io.hurdvm.instance.ProvisionPlan;
import io.hurdvm.vm.ProvisionScript;
import io.hurdvm.control.ControlOp;
import io.hurdvm.supervisor.SupervisorSpawner;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.time.Backoff;
import io.hurdvm.time.Deadline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Instance lifecycle for every front end (CLI, HTTP API): up, down, status, list, remove. State is
 * never kept here: it is read from what the supervisors record, the one source of truth.
 */
public final class InstanceService {
    /** How long a second caller waits for an instance another operation holds. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    /** How long a spawned supervisor may take to record its run (JVM start, accel cache read). */
    static final Duration RUN_START_TIMEOUT = Duration.ofSeconds(30);
    /** Beyond a stop's own budget: the reply's way back and the supervisor's last words. */
    static final Duration CONTROL_MARGIN = Duration.ofSeconds(10);
    static final Duration SUPERVISOR_EXIT_WAIT = Duration.ofSeconds(15);
    /** Console provisioning: a login, a few commands and a logout on a slow guest. */
    static final Duration REPROVISION_TIMEOUT = Duration.ofMinutes(3);
    private final Path home;
    private final InstanceStore store;
    private final Map<String, String> env;
    private final HostEnvironment hostEnv;

    /** @param env the caller's environment: settings, ROOT_PASSWORD_FILE, HURDVM_RUNTIME_DIR, ... */
    public InstanceService(Path home, HostEnvironment env) {
        this.home = home;
        this.store = new InstanceStore(home, env);
        this.env = env.asMap();
        this.hostEnv = env;
    }

    public InstanceStore store() {
        return store;
    }

    /** HURDVM_HOME: instances, the image store, generated files. */
    public Path home() {
        return home;
    }

    /**
     * A prepared {@code up}: validated, instance created or updated, not yet started. It holds the
     * instance's lock until {@link #startAndWait} has a supervisor recording its run (close it if
     * you do not start), so two {@code up}s never start two supervisors.
     *
     * @param runningRun the run id of the supervisor that already runs the instance, or null
     */
    public record PreparedUp(VmSpec spec, WaitCondition waitFor, Duration timeout, Mode mode, String runningRun,
                             AccelDecision accel, InstanceLock lock, List<SettingChange> changes, boolean provisionNow)
            implements AutoCloseable {
        public PreparedUp {
            changes = List.copyOf(changes);
        }

        /** What {@code up} will do. */
        public enum Mode { START, ALREADY_RUNNING, ADOPT }

        public boolean alreadyRunning() {
            return mode == Mode.ALREADY_RUNNING;
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    /** Validates the request and creates or updates the instance; nothing is started yet. */
    public PreparedUp prepare(UpRequest request, Consumer<String> progress) {
        InstanceName name = InstanceName.of(request.name());
        if (request.template().isPresent()) {
            new CloneMaker(home, store, env).create(name, io.hurdvm.template.TemplateName.of(request.template().get()),
                    request.settings(), progress);
        }
        // Everything that can be judged from the request alone is judged before the lock: bad input leaves no trace.
        boolean existed = store.exists(name);
        ConfigFile.Contents config = configFile(request).map(ConfigFile::load)
                .orElse(new ConfigFile.Contents(Map.of(), Optional.empty()));
        Settings settings = Settings.merge(layers(request, config, existed ? Optional.of(name) : Optional.empty()));
        Optional<List<ProvisionScript>> provision = request.provision().or(config::provision);
        // A clone before its first start runs exactly its template's machine: its saved spec is the spec.
        VmSpec spec = cloneAwaitingRestore(name) ? store.loadSpec(name) : SpecResolver.resolve(name, settings);
        WaitCondition wait = WaitCondition.parse(settings.text(SettingKey.WAIT).orElse("ssh"));
        Duration timeout = SizeParser.duration("--timeout", settings.text(SettingKey.TIMEOUT).orElse("5m"));
        Optional<Path> stored = cloneAwaitingRestore(name) ? Optional.empty() : settings.text(SettingKey.IMAGE)
                .flatMap(image -> ImageReference.resolveStored(home, image, hostEnv, new PrintWriter(System.err, true)));
        if (stored.isPresent()) {
            spec = spec.toBuilder().baseImage(stored.get()).build();
        }
        InstanceSecrets.validateGiven(request.rootPasswordFile(), env);
        DiskIo.fromEnvironment(env); // the supervisor reads it at each QEMU start: a typo is bad input now, not a failed start

        InstancePreparer preparer = new InstancePreparer(store);
        if (!existed) {
            preparer.validate(spec, false);
            FitCheck.of(FsRoot.SYSTEM, env).evaluate(spec).requireFits();
        }
        InstanceLock lock = InstanceLock.acquire(store.instancesDir(), name, "up", LOCK_WAIT);
        try {
            return prepareLocked(spec, wait, timeout, request, provision, progress, lock, preparer);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private PreparedUp prepareLocked(VmSpec spec, WaitCondition wait, Duration timeout, UpRequest request,
                                     Optional<List<ProvisionScript>> provision, Consumer<String> progress, InstanceLock lock,
                                     InstancePreparer preparer) {
        InstanceName name = spec.name();
        boolean exists = store.exists(name);
        List<SettingChange> changes = List.of();
        if (exists) {
            VmSpec saved = store.loadSpec(name);
            InstancePreparer.requireSameImage(saved, spec);
            changes = SettingsDiff.between(saved, spec);
        }
        if (exists) {
            InstanceState recorded = store.readState(name).orElse(InstanceState.created());
            InstanceProcesses now = InstanceProcesses.of(store.paths(name), recorded);
            if (now.supervisor().isPresent() || now.orphaned()) {
                // QEMU's machine is fixed while it runs: changed settings wait for a stop, never ignored in silence.
                if (!changes.isEmpty()) {
                    throw new LifecycleException(ErrorKind.CONFLICT, SettingsDiff.refusalWhileRunning(name, changes,
                            now.supervisor().isPresent() ? "running" : "running (QEMU pid " + recorded.qemuPid() + ", without its supervisor)"));
                }
                boolean scriptsChanged = saveProvisionPlan(name, provision, request.reprovision());
                boolean retry = recorded.provision() != null && recorded.provision().isFailed();
                if (now.supervisor().isPresent()) {
                    return new PreparedUp(spec, wait, timeout, PreparedUp.Mode.ALREADY_RUNNING, recorded.runId(), null, lock,
                            List.of(), scriptsChanged || retry);
                }
                progress.accept("QEMU pid " + recorded.qemuPid() + " of " + name + " outlived its supervisor: taking it over");
                return new PreparedUp(store.loadSpec(name), wait, timeout, PreparedUp.Mode.ADOPT, null, null, lock, List.of(), false);
            }
        }
        // Before anything is created or measured: a socket folder someone else holds in /tmp stops us here.
        store.paths(name).ensureSocketDir();
        preparer.validate(spec, exists);
        // Refuse before QEMU starts when the guest cannot fit the limits that really apply (cgroup, host).
        LimitsReport limits = FitCheck.of(FsRoot.SYSTEM, env).evaluate(spec).requireFits();
        limits.warnings().forEach(w -> progress.accept("warning: " + w));
        // Decided here as well as in the supervisor (which reads the cached measurement) so that an
        // impossible --accel kvm is reported before anything is created.
        AccelDecision accel = AccelDecider.forHost(QemuCommandBuilder.DEFAULT_BINARY, home.resolve("accel-probe.json"), env.get("PATH"))
                .decide(spec.accel());
        progress.accept("acceleration: " + accel.chosen().cliName() + " (" + accel.reason() + ")");
        if (exists) {
            preparer.update(spec);
            if (!changes.isEmpty()) {
                progress.accept("settings changed since the last start, applied now: " + SettingsDiff.describe(changes));
            }
        } else {
            preparer.create(spec);
            progress.accept("created instance " + name + " (overlay on " + spec.baseImage() + ")");
        }
        saveProvisionPlan(name, provision, request.reprovision());
        RootPassword password = new InstanceSecrets(store.paths(name)).establishRootPassword(request.rootPasswordFile(), env);
        // No SSH key here: the supervisor makes it while QEMU boots (the first ed25519 key of a process
        // loads and verifies the signed BouncyCastle jar, 0.3-1 s that delayed QEMU's start).
        if (password.origin() == RootPasswordOrigin.GENERATED) {
            progress.accept("generated a root password for " + name + " (see 'hurdvm secret show " + name + "')");
        }
        if (spec.smpExperimental()) {
            progress.accept("warning: " + spec.cpus() + " vCPUs requested; stock gnumach is uniprocessor and SMP is experimental");
        }
        return new PreparedUp(spec, wait, timeout, PreparedUp.Mode.START, null, accel, lock, changes, false);
    }

    /**
     * Records the scripts the request brings (when it brings any) and a {@code --reprovision}; true if
     * either asks the guest for work the saved plan did not.
     */
    private boolean saveProvisionPlan(InstanceName name, Optional<List<ProvisionScript>> provision, boolean reprovision) {
        ProvisionPlan plan = new ProvisionPlan(store.paths(name));
        boolean changed = false;
        if (provision.isPresent() && !provision.get().equals(plan.scripts())) {
            plan.save(provision.get());
            changed = !provision.get().isEmpty();
        }
        if (reprovision) {
            plan.requestRerun();
            changed = true;
        }
        return changed;
    }

    /** A clone before its first start runs exactly its template's machine: no setting may change it. */
    private boolean cloneAwaitingRestore(InstanceName name) {
        return io.hurdvm.template.CloneOrigin.readFrom(store.paths(name).dir()).map(o -> o.restorePending()).orElse(false);
    }

    /**
     * Starts a detached supervisor for a prepared instance (or adopts an orphaned QEMU through one) and
     * waits for the condition. Releases the instance's lock as soon as the supervisor has recorded its run.
     */
    public UpResult startAndWait(PreparedUp prepared, Consumer<String> progress, Consumer<UpProgress> boot)
            throws InterruptedException {
        InstanceName name = prepared.spec().name();
        UpWaiter waiter = new UpWaiter(store, name);
        if (prepared.alreadyRunning()) {
            prepared.close();
            Duration left = prepared.timeout();
            if (prepared.provisionNow()) {
                Instant start = Instant.now();
                runProvisionScripts(name, prepared.timeout(), progress);
                left = left.minus(Duration.between(start, Instant.now()));
            }
            return waiter.await(prepared.runningRun(), Optional.empty(), prepared.waitFor(),
                    left.isNegative() ? Duration.ZERO : left, boot).alreadyRunning();
        }
        SupervisorSpawner.Spawned supervisor;
        try (prepared) {
            supervisor = SupervisorSpawner.spawn(home, store.paths(name), SupervisorProcess.class);
            waiter.awaitRunStarted(supervisor.runId(), supervisor.process(), RUN_START_TIMEOUT);
        }
        progress.accept((prepared.mode() == PreparedUp.Mode.ADOPT ? "took over " : "booting ") + name + ", waiting for "
                + prepared.waitFor().description() + " (timeout " + prepared.timeout().toSeconds() + "s)");
        List<String> changed = prepared.changes().stream().map(SettingChange::describe).toList();
        return waiter.await(supervisor.runId(), Optional.of(supervisor.process()), prepared.waitFor(), prepared.timeout(), boot)
                .withChanged(changed);
    }

    /**
     * New or changed scripts for a running instance: its supervisor runs them now (or, before SSH is
     * ready, after it). The outcome is recorded in the state the wait reads; a failure to ask is left
     * to the wait as well, which then names what is missing.
     */
    private void runProvisionScripts(InstanceName name, Duration timeout, Consumer<String> progress) {
        try {
            new ControlClient(store.paths(name).controlSocket())
                    .call(ControlClient.request(ControlOp.PROVISION), timeout.plus(CONTROL_MARGIN), progress);
        } catch (ControlException e) {
            progress.accept("provision scripts: " + e.getMessage());
        }
    }

    /**
     * Stops an instance gracefully (or forced) within {@code timeout}, reporting each step as it happens;
     * returns how it ended, or empty if nothing ran. A QEMU whose supervisor died is taken over by a new
     * supervisor first, so it gets the same graceful stop; if even that fails, it is ended by its pid.
     */
    public Optional<String> down(InstanceName name, Duration timeout, boolean force, Consumer<String> progress)
            throws Exception {
        try (InstanceLock lock = InstanceLock.acquire(store.instancesDir(), name, "down", LOCK_WAIT)) {
            InstancePaths paths = store.paths(name);
            InstanceState recorded = store.readState(name).orElse(InstanceState.created());
            InstanceProcesses now = InstanceProcesses.of(paths, recorded);
            Optional<ProcessHandle> sup = now.supervisor();
            if (sup.isEmpty() && now.orphaned()) {
                progress.accept("QEMU pid " + recorded.qemuPid() + " runs without its supervisor: taking it over to stop it");
                sup = adoptForStop(name, now.qemu().get());
                if (sup.isEmpty()) {
                    return Optional.of(OrphanKiller.end(now.qemu().get(), progress));
                }
            }
            if (sup.isEmpty()) {
                return Optional.empty();
            }
            var req = ControlClient.request(ControlOp.DOWN).put("timeoutMs", timeout.toMillis()).put("force", force);
            var result = new ControlClient(paths.controlSocket()).call(req, timeout.plus(CONTROL_MARGIN), progress);
            // The supervisor exits right after answering; wait for it so that status is final when we return.
            awaitExit(sup.get(), SUPERVISOR_EXIT_WAIT);
            return Optional.of(result.path("how").asText("stopped"));
        }
    }

    /**
     * Looks every few milliseconds: {@code onExit()} of a process that is not our child (a supervisor
     * another command started, or one a CLI started as an orphan) sleeps 300 ms before its first look,
     * which was most of a job's removal ('hurdvm run').
     */
    private static void awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException, TimeoutException {
        Deadline deadline = Deadline.after(timeout);
        Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));
        while (ProcStat.isRunning(process)) {
            if (deadline.passed()) {
                throw new TimeoutException("supervisor pid " + process.pid() + " still runs after " + timeout.toSeconds() + " s");
            }
            backoff.pause(deadline);
        }
    }

    /** A supervisor that took over the orphan and is ready for control requests, or empty if it could not. */
    private Optional<ProcessHandle> adoptForStop(InstanceName name, ProcessIdentity qemu) throws InterruptedException {
        SupervisorSpawner.Spawned supervisor = SupervisorSpawner.spawn(home, store.paths(name), SupervisorProcess.class);
        UpWaiter waiter = new UpWaiter(store, name);
        boolean adopted = waiter.awaitRunStarted(supervisor.runId(), supervisor.process(), RUN_START_TIMEOUT)
                && waiter.awaitQemuRecorded(supervisor.runId(), supervisor.process(), qemu.pid(), RUN_START_TIMEOUT);
        return adopted ? Optional.of(supervisor.process()) : Optional.empty();
    }

    /** Deletes a stopped instance; refused while its supervisor or its QEMU runs. */
    public void remove(InstanceName name) {
        try (InstanceLock lock = InstanceLock.acquire(store.instancesDir(), name, "rm", LOCK_WAIT)) {
            InstanceState recorded = store.readState(name).orElse(InstanceState.created());
            InstanceProcesses now = InstanceProcesses.of(store.paths(name), recorded);
            if (now.anyAlive()) {
                throw new LifecycleException(ErrorKind.BAD_INPUT, "instance " + name + " is running"
                        + (now.orphaned() ? " (QEMU pid " + recorded.qemuPid() + ", without its supervisor)" : "")
                        + ": stop it first with 'hurdvm down " + name + "'");
            }
            store.remove(name);
        }
    }

    /** Asks the running supervisor to repair the guest over the console (key, password, sshd, marker). */
    public String reprovision(InstanceName name) {
        InstancePaths paths = store.paths(name);
        if (SupervisorLiveness.liveSupervisor(paths).isEmpty()) {
            throw new LifecycleException(ErrorKind.BAD_INPUT, "instance " + name
                    + " is not running: start it with 'hurdvm up " + name + "' (it repairs a guest that refuses its key by itself)");
        }
        return new ControlClient(paths.controlSocket()).call(ControlClient.request(ControlOp.REPROVISION), REPROVISION_TIMEOUT).asText();
    }

    public InstanceView view(InstanceName name) {
        InstancePaths paths = store.paths(name);
        InstanceState state = store.readState(name).orElse(InstanceState.created());
        VmSpec spec = store.loadSpec(name);
        return InstanceView.of(spec, state, InstanceProcesses.of(paths, state), FitCheck.of(FsRoot.SYSTEM, env).evaluate(spec));
    }

    public List<InstanceView> list() {
        List<InstanceView> views = new ArrayList<>();
        for (InstanceName n : store.list()) {
            views.add(view(n));
        }
        return views;
    }

    /**
     * The list as 'hurdvm list' shows it: each view with its overlay's disk use (one qemu-img run per
     * instance). The qemu-img runs go on a second thread while this one reads the instances' files: a
     * process start was a tenth of a short list's time.
     */
    public List<InstanceView> listWithDiskUse() {
        OverlayDiskUse disk = new OverlayDiskUse(new QemuImgCli());
        List<InstanceName> names = store.list();
        Supplier<List<Optional<Long>>> diskUse = disk.inBackground(names.stream().map(store::paths).toList());
        List<InstanceView> views = new ArrayList<>();
        for (InstanceName n : names) {
            views.add(view(n));
        }
        List<Optional<Long>> use = diskUse.get();
        for (int i = 0; i < views.size(); i++) {
            views.set(i, views.get(i).withDiskBytes(use.get(i).orElse(null)));
        }
        return views;
    }

    public boolean isRunning(InstanceName name) {
        return SupervisorLiveness.liveSupervisor(store.paths(name)).isPresent();
    }

    private Optional<Path> configFile(UpRequest request) {
        return request.configFile().or(() -> Optional.ofNullable(env.get("HURDVM_CONFIG")).map(Path::of));
    }

    private Map<SettingSource, Map<SettingKey, String>> layers(UpRequest request, ConfigFile.Contents config,
                                                               Optional<InstanceName> existing) {
        Map<SettingSource, Map<SettingKey, String>> l = new EnumMap<>(SettingSource.class);
        l.put(SettingSource.FLAG, request.settings());
        l.put(SettingSource.ENV, Settings.envLayer(env, false));
        l.put(SettingSource.SEED_ENV, Settings.envLayer(env, true));
        l.put(SettingSource.CONFIG_FILE, config.settings());
        existing.ifPresent(n -> l.put(SettingSource.INSTANCE,
                SpecResolver.instanceLayer(JsonFiles.read(store.paths(n).specFile(), StoredSpec.class))));
        l.put(SettingSource.DEFAULT, SpecResolver.defaults());
        return l;
    }
}
