package io.hurdvm.lifecycle;

import io.hurdvm.config.ConfigFile;
import io.hurdvm.config.SettingKey;
import io.hurdvm.config.SettingSource;
import io.hurdvm.config.Settings;
import io.hurdvm.config.SizeParser;
import io.hurdvm.config.SpecResolver;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.limits.FitCheck;
import io.hurdvm.limits.FsRoot;
import io.hurdvm.limits.LimitsReport;
import io.hurdvm.qemu.AccelDecider;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.secret.RootPassword;
import io.hurdvm.secret.RootPasswordOrigin;
import io.hurdvm.supervisor.ControlClient;
import io.hurdvm.supervisor.SupervisorSpawner;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Instance lifecycle for every front end (CLI, HTTP API): up, down, status, list, remove. State is
 * never kept here: it is read from what the supervisors record, the one source of truth.
 */
public final class InstanceService {
    private final Path home;
    private final InstanceStore store;
    private final Map<String, String> env;

    public InstanceService(Path home, Map<String, String> env) {
        this.home = home;
        this.store = new InstanceStore(home);
        this.env = Map.copyOf(env);
    }

    public InstanceStore store() {
        return store;
    }

    /** A prepared {@code up}: validated, instance created or updated, not yet started. */
    public record PreparedUp(VmSpec spec, WaitCondition waitFor, Duration timeout, boolean alreadyRunning, AccelDecision accel) {
    }

    /** Validates the request and creates or updates the instance; nothing is started yet. */
    public PreparedUp prepare(UpRequest request, Consumer<String> progress) {
        InstanceName name = InstanceName.of(request.name());
        boolean exists = store.exists(name);
        Settings settings = Settings.merge(layers(request, exists ? Optional.of(name) : Optional.empty()));
        VmSpec spec = SpecResolver.resolve(name, settings);
        Optional<Path> stored = settings.text(SettingKey.IMAGE)
                .flatMap(image -> ImageReference.resolveStored(home, image, new PrintWriter(System.err, true)));
        if (stored.isPresent()) {
            spec = spec.toBuilder().baseImage(stored.get()).build();
        }
        WaitCondition wait = WaitCondition.parse(settings.text(SettingKey.WAIT).orElse("ssh"));
        Duration timeout = SizeParser.duration("--timeout", settings.text(SettingKey.TIMEOUT).orElse("5m"));
        if (exists && SupervisorLiveness.liveSupervisor(store.paths(name)).isPresent()) {
            return new PreparedUp(spec, wait, timeout, true, null);
        }
        InstancePreparer preparer = new InstancePreparer(store);
        preparer.validate(spec, exists);
        InstanceSecrets.validateGiven(request.rootPasswordFile(), env);
        // Refuse before QEMU starts when the guest cannot fit the limits that really apply (cgroup, host).
        LimitsReport limits = FitCheck.of(FsRoot.SYSTEM, env).evaluate(spec).requireFits();
        limits.warnings().forEach(w -> progress.accept("warning: " + w));
        // Decided here as well as in the supervisor (which reads the cached measurement) so that an
        // impossible --accel kvm is reported before anything is created.
        AccelDecision accel = AccelDecider.forHost(QemuCommandBuilder.DEFAULT_BINARY, home.resolve("accel-probe.json"))
                .decide(spec.accel());
        progress.accept("acceleration: " + accel.chosen().cliName() + " (" + accel.reason() + ")");
        if (exists) {
            preparer.update(spec);
        } else {
            preparer.create(spec);
            progress.accept("created instance " + name + " (overlay on " + spec.baseImage() + ")");
        }
        RootPassword password = new InstanceSecrets(store.paths(name)).establishRootPassword(request.rootPasswordFile(), env);
        new InstanceSecrets(store.paths(name)).sshKey();
        if (password.origin() == RootPasswordOrigin.GENERATED) {
            progress.accept("generated a root password for " + name + " (see 'hurdvm secret show " + name + "')");
        }
        if (spec.smpExperimental()) {
            progress.accept("warning: " + spec.cpus() + " vCPUs requested; stock gnumach is uniprocessor and SMP is experimental");
        }
        return new PreparedUp(spec, wait, timeout, false, accel);
    }

    /** Starts a detached supervisor for a prepared instance and waits for the condition. */
    public UpResult startAndWait(PreparedUp prepared, Consumer<String> progress) throws InterruptedException {
        InstanceName name = prepared.spec().name();
        UpWaiter waiter = new UpWaiter(store, name);
        if (prepared.alreadyRunning()) {
            return waiter.await(prepared.waitFor(), prepared.timeout()).alreadyRunning();
        }
        SupervisorSpawner.spawn(home, store.paths(name));
        progress.accept("booting " + name + ", waiting for " + prepared.waitFor().description()
                + " (timeout " + prepared.timeout().toSeconds() + "s)");
        return waiter.await(prepared.waitFor(), prepared.timeout());
    }

    /** Stops an instance gracefully (or forced); returns how it ended, or empty if it was not running. */
    public Optional<String> down(InstanceName name, Duration timeout, boolean force) throws Exception {
        InstancePaths paths = store.paths(name);
        Optional<ProcessHandle> sup = SupervisorLiveness.liveSupervisor(paths);
        if (sup.isEmpty()) {
            return Optional.empty();
        }
        var req = ControlClient.request("down").put("timeoutMs", timeout.toMillis()).put("force", force);
        var result = new ControlClient(paths.controlSocket()).call(req, timeout.plusSeconds(30));
        // The supervisor exits right after answering; wait for it so that status is final when we return.
        sup.get().onExit().get(15, TimeUnit.SECONDS);
        return Optional.of(result.path("how").asText("stopped"));
    }

    public InstanceView view(InstanceName name) {
        InstancePaths paths = store.paths(name);
        InstanceState state = store.readState(name).orElse(InstanceState.created());
        boolean alive = SupervisorLiveness.liveSupervisor(paths).isPresent();
        VmSpec spec = store.loadSpec(name);
        return InstanceView.of(spec, state, alive, FitCheck.of(FsRoot.SYSTEM, env).evaluate(spec));
    }

    public List<InstanceView> list() {
        List<InstanceView> views = new ArrayList<>();
        for (InstanceName n : store.list()) {
            views.add(view(n));
        }
        return views;
    }

    public boolean isRunning(InstanceName name) {
        return SupervisorLiveness.liveSupervisor(store.paths(name)).isPresent();
    }

    private Map<SettingSource, Map<SettingKey, String>> layers(UpRequest request, Optional<InstanceName> existing) {
        Map<SettingSource, Map<SettingKey, String>> l = new EnumMap<>(SettingSource.class);
        l.put(SettingSource.FLAG, request.settings());
        l.put(SettingSource.ENV, Settings.envLayer(env, false));
        l.put(SettingSource.SEED_ENV, Settings.envLayer(env, true));
        Optional<Path> cfg = request.configFile().or(() -> Optional.ofNullable(env.get("HURDVM_CONFIG")).map(Path::of));
        l.put(SettingSource.CONFIG_FILE, cfg.map(ConfigFile::read).orElse(Map.of()));
        existing.ifPresent(n -> l.put(SettingSource.INSTANCE,
                SpecResolver.instanceLayer(JsonFiles.read(store.paths(n).specFile(), StoredSpec.class))));
        l.put(SettingSource.DEFAULT, SpecResolver.defaults());
        return l;
    }
}
