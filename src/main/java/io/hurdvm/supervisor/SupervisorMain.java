package io.hurdvm.supervisor;

import io.hurdvm.console.BootPhaseTracker;
import io.hurdvm.console.ConsoleAttachServer;
import io.hurdvm.console.ConsoleBuffer;
import io.hurdvm.console.PanicDetector;
import io.hurdvm.console.RotatingLog;
import io.hurdvm.console.SerialHub;
import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.QemuWorkDir;
import io.hurdvm.proc.ProcessIdentity;
import io.hurdvm.qemu.AccelDecider;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.AdoptedQemu;
import io.hurdvm.qemu.DiskIo;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.qemu.ProcessCommandRunner;
import io.hurdvm.qemu.QemuLauncher;
import io.hurdvm.qemu.QemuUser;
import io.hurdvm.qmp.QmpException;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.readiness.Wait;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.storage.schedule.BackupScheduleAction;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.storage.schedule.ScheduleLoop;
import io.hurdvm.storage.schedule.ScheduledAction;
import io.hurdvm.storage.schedule.SupervisorSchedules;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.Profile;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.vm.VmState;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles and runs the supervisor of one instance, either detached (spawned by {@code up}) or in
 * the foreground (containers). SIGTERM runs the same graceful stop as {@code hurdvm down}. A QEMU
 * left running by a supervisor that died is adopted, not started a second time. The process's entry
 * point lives above this layer ({@code lifecycle.SupervisorProcess}): it adds the scheduled actions
 * whose code needs more than the supervisor has, such as restore drills, which boot instances.
 */
public final class SupervisorMain {
    /** First: its first mark is the JVM's start up to this class, before logging is configured. */
    static final StartTimeline TIMELINE = new StartTimeline();
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorMain.class);
    /** The console shows a login prompt: Debian GNU/Hurd's getty and the Linux test guest alike. */
    static final String LOGIN_PROMPT = "login:\\s*$";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);
    private static final int ATTACH_HISTORY_CHARS = 4096;
    /** The longest the setup beside QEMU waits for QEMU's launch (normally well under a second). */
    private static final Duration LAUNCH_HEAD_START = Duration.ofSeconds(2);
    /** A supervisor whose setup failed after QEMU started ends that QEMU at once. */
    private static final Duration SETUP_FAILURE_STOP = Duration.ofSeconds(10);
    /** Exit codes of the supervisor process. */
    static final int EXIT_STOPPED = 0;
    static final int EXIT_FAILED = 5;
    static final int EXIT_ALREADY_SUPERVISED = 6;

    private SupervisorMain() {
    }

    /**
     * Scheduled actions of kinds whose code lives above the supervisor, made for one instance (the
     * supervisor makes snapshot and backup actions itself).
     */
    @FunctionalInterface
    public interface ScheduleActions {
        ScheduleActions NONE = (home, paths, qmp) -> Map.of();

        /** @param qmp QMP of the instance's current QEMU, through the supervisor */
        Map<ScheduleKind, ScheduledAction> create(java.nio.file.Path home, InstancePaths paths, QmpExecutor qmp);
    }

    /**
     * The detached supervisor's process body ({@link SupervisorSpawner} starts its entry point):
     * {@code NAME --run-id ID [--log-file]}, with HURDVM_HOME in the environment. Not for people: they
     * use {@code hurdvm up}.
     *
     * @return the process's exit code
     */
    public static int runDetached(String[] args, HostEnvironment env, ScheduleActions extra) throws Exception {
        TIMELINE.mark("logging");
        if (System.getProperty("hurdvm.log.level") == null && env.logLevel().isEmpty()) {
            System.setProperty("hurdvm.log.level", "INFO");
        }
        SupervisorArguments parsed = SupervisorArguments.parse(args);
        java.nio.file.Path home = io.hurdvm.config.HurdvmHome.resolve(env.asMap());
        return runInForeground(home, env, parsed.name(), version(), parsed.runId(), parsed.logFile(), extra);
    }

    /** hurdvm's version from the jar manifest, as recorded in the manifests of scheduled backups. */
    static String version() {
        String v = SupervisorMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Runs until the VM stops; returns a process exit code (0 stopped, 5 failed, 6 another supervisor
     * owns the instance).
     *
     * @param env     the process's environment, read once by its entry point
     * @param version hurdvm's version, recorded in the manifests of scheduled backups
     * @param runId   the id this run records in state.json, which whoever started it waits for
     * @param logFile true for a detached supervisor: log to the rotated supervisor.log, not stderr
     * @param extra   scheduled actions made above this layer (restore drills)
     */
    public static int runInForeground(java.nio.file.Path home, HostEnvironment env, InstanceName name, String version, String runId,
                                      boolean logFile, ScheduleActions extra) throws Exception {
        // One supervisor process per instance: every log line of this process carries its name.
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext lc) {
            lc.putProperty("instance_name", name.value());
        }
        InstanceStore store = new InstanceStore(home, env);
        InstancePaths paths = store.paths(name);
        if (logFile) {
            SupervisorLogFile.redirectTo(paths.supervisorLog(), env.logFormat());
        }
        Optional<SupervisorLock> lock = SupervisorLock.tryAcquire(paths);
        if (lock.isEmpty()) {
            LOG.error("another supervisor already runs instance {}; this one ({}) exits", name, runId);
            return EXIT_ALREADY_SUPERVISED;
        }
        try (SupervisorLock held = lock.get()) {
            return supervise(home, env, store, name, version, runId, extra);
        }
    }

    private static int supervise(java.nio.file.Path home, HostEnvironment env, InstanceStore store, InstanceName name, String version,
                                 String runId, ScheduleActions extra) throws Exception {
        TIMELINE.mark("locked");
        InstancePaths paths = store.paths(name);
        VmSpec spec = store.loadSpec(name);
        InstanceState previous = store.readState(spec.name()).orElse(InstanceState.created());
        Optional<AdoptedQemu> orphan = AdoptedQemu.of(new ProcessIdentity(previous.qemuPid(), previous.qemuStartTicks()));
        List<Closeable> resources = new ArrayList<>();
        // A new run: only what outlives runs is kept (restarts, port, readiness of an adopted boot).
        StateRecorder recorder = new StateRecorder(paths.stateFile(), previous);
        // Bound before the run is recorded, answered once QEMU runs: a 'down' right after 'up' waits
        // in the socket's backlog for its answer instead of finding no socket.
        paths.ensureSocketDir();
        ControlServer control = ControlServer.bind(paths.controlSocket());
        // The pid file first: whoever waits for this run's state finds a live supervisor once it appears.
        Files.writeString(paths.supervisorPid(), ProcessHandle.current().pid() + "\n");
        recorder.update(b -> {
            b.runId(runId).supervisorPid(ProcessHandle.current().pid()).state(VmState.STARTING).message("supervisor started");
            return orphan.isPresent() ? b : b.noQemu().bootPhases(List.of()).bootMillis(null).consoleReady(false).sshReady(false);
        });
        TIMELINE.mark("recorded");
        try {
            AccelDecision accel = AccelDecider.forHost(QemuCommandBuilder.DEFAULT_BINARY, home.resolve("accel-probe.json"),
                    env.asMap().get("PATH"))
                    .decide(spec.accel());
            LOG.info("acceleration: {} ({})", accel.chosen().cliName(), accel.reason());
            TIMELINE.mark("accel");
            SerialHub hub = new SerialHub(paths.serialSocket(), RotatingLog.open(paths.consoleLog()), new ConsoleBuffer());
            resources.add(hub);
            BootPhaseTracker phases = BootPhaseTracker.withDefaults();
            hub.addListener(phases);
            GuestAccess guestAccess = new GuestAccess(paths, recorder);
            BootWatcher watcher = new BootWatcher(recorder, phases, hub.buffer(), Wait.forConsole(LOGIN_PROMPT),
                    guestAccess, spec.ssh().hostAddress(), BOOT_TIMEOUT);
            // A clone's first start resumes its template's saved state instead of booting.
            Optional<StateRestore> restore = StateRestore.pending(paths);
            restore.ifPresent(r -> {
                CloneIdentity identity = new CloneIdentity(paths, recorder, r.origin());
                identity.warmUp();
                watcher.onRestored(identity);
            });
            ShutdownSequence shutdown = new ShutdownSequence(recorder, new SshPoweroff(paths, recorder),
                    spec.profile().guestPoweroffFirst());
            Optional<QemuUser> runAs = QemuUser.forThisProcess(env.asMap(), new ProcessCommandRunner());
            prepareQemuWorkDir(home, paths, runAs);
            TIMELINE.mark("work-dir");
            QemuCommandBuilder builder = QemuCommandBuilder.dropping(runAs, DiskIo.fromEnvironment(env.asMap()));
            QemuStarter starter = new QemuStarter(builder, new QemuLauncher(), paths, restore);
            Supervisor supervisor = new Supervisor(spec, recorder, starter, hub, watcher, accel, shutdown, orphan);
            hub.addListener(new PanicDetector(line -> {
                watcher.panicked(line);
                supervisor.guestPanicked(line.text());
            }));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> onSigterm(supervisor, env), "sigterm"));
            // QEMU starts now; what it does not need is set up once it runs, while it boots.
            SupervisorRun run = SupervisorRun.start(supervisor);
            run.awaitLaunch(starter.firstLaunch(), LAUNCH_HEAD_START);
            if (restore.isEmpty()) {
                makeSshKey(paths);
            }
            try {
                ConsoleAttachServer attach = new ConsoleAttachServer(paths.consoleSocket(), hub, ATTACH_HISTORY_CHARS);
                attach.start();
                resources.add(attach);
                QmpExecutor qmp = currentQmp(supervisor);
                // The environment matters only for S3 settings a backup plan leaves open; the plan has the rest.
                Map<ScheduleKind, ScheduledAction> actions = new EnumMap<>(ScheduleKind.class);
                actions.put(ScheduleKind.BACKUP, new BackupScheduleAction(paths, qmp, version, env.asMap(), ZoneId.systemDefault()));
                actions.putAll(extra.create(home, paths, qmp));
                ScheduleLoop schedules = SupervisorSchedules.start(paths, qmp, actions);
                supervisor.beforeStop(grace -> {
                    try {
                        schedules.stop(grace);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                control.serve(new ControlHandler(supervisor, recorder, guestAccess, new StateSaver(paths, spec, accel, guestAccess),
                        schedules::runNow));
                TIMELINE.log("control served");
            } catch (Exception e) {
                // Half a supervisor (no control socket or schedules) must not keep a VM: it is ended, and the run fails.
                LOG.error("supervisor failed while QEMU started: {}", e.getMessage());
                supervisor.stop(SETUP_FAILURE_STOP, true);
                run.awaitEnd();
                throw e;
            }
            VmState end = run.awaitEnd();
            return end == VmState.FAILED ? EXIT_FAILED : EXIT_STOPPED;
        } catch (Exception e) {
            LOG.error("supervisor failed: {}", e.getMessage());
            recorder.update(b -> b.state(VmState.FAILED).message("supervisor failed: " + e.getMessage()));
            return EXIT_FAILED;
        } finally {
            closeAll(List.<Closeable>of(control));
            closeAll(resources);
            Files.deleteIfExists(paths.supervisorPid());
        }
    }

    /**
     * The instance's SSH key, made (or loaded) while QEMU boots: the guest gets it over the console
     * after its login prompt, and the first key of a process costs 0.3-1 s (BouncyCastle from its
     * signed jar), which {@code up} used to spend before QEMU started. A clone's identity does this itself.
     */
    private static void makeSshKey(InstancePaths paths) {
        Thread.ofPlatform().daemon().name("ssh-key").start(() -> {
            try {
                new InstanceSecrets(paths).sshKey();
            } catch (RuntimeException e) {
                LOG.warn("cannot make the instance's SSH key yet ({}); trying again when SSH is needed", e.getMessage());
            }
        });
    }

    /** QEMU opens backup targets and migration sockets after it dropped to {@code runAs}: they go where it can reach them. */
    private static void prepareQemuWorkDir(java.nio.file.Path home, InstancePaths paths, Optional<QemuUser> runAs) throws IOException {
        Optional<java.nio.file.attribute.UserPrincipal> user = runAs.isEmpty() ? Optional.empty()
                : Optional.of(home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs.get().name()));
        runAs.ifPresent(u -> LOG.info("QEMU runs as user {} (uid {}) after opening its disk and sockets", u.name(), u.uid()));
        QemuWorkDir.prepare(home, paths, user).ifPresent(blocked -> LOG.warn("{} cannot be passed through by {}: online backups"
                + " and template saves, which QEMU opens files for after it started, will fail; keep HURDVM_HOME outside it"
                + " (e.g. /var/lib/hurdvm) or set {}=root", blocked, runAs.get().name(), QemuUser.ENV));
    }

    /** Scheduled jobs talk to whichever QEMU is current; while it restarts they fail and retry next time. */
    private static QmpExecutor currentQmp(Supervisor supervisor) {
        return (command, args, timeout) -> supervisor.current()
                .orElseThrow(() -> new QmpException("QEMU is not running right now"))
                .qmp().execute(command, args, timeout);
    }

    /** docker stop, kill PID, systemd stop: the guest gets the same graceful stop as 'hurdvm down'. */
    private static void onSigterm(Supervisor supervisor, HostEnvironment env) {
        if (supervisor.isFinished()) {
            return; // a normal exit also runs shutdown hooks
        }
        Duration timeout = stopTimeout(env);
        try {
            LOG.info("SIGTERM: stopping the guest (timeout {}s)", timeout.toSeconds());
            StopOutcome how = supervisor.stop(timeout, false);
            LOG.info("guest stopped ({})", how.cliName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stop budget on SIGTERM; containers set it below their runtime's grace period (docker stop -t). */
    private static Duration stopTimeout(HostEnvironment env) {
        Optional<String> s = Optional.ofNullable(env.asMap().get("HURDVM_STOP_TIMEOUT"));
        return s.isEmpty() ? Profile.DEFAULT_STOP_TIMEOUT : io.hurdvm.config.SizeParser.duration("HURDVM_STOP_TIMEOUT", s.get());
    }

    private static void closeAll(List<Closeable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("close failed: {}", e.getMessage());
            }
        }
    }
}
