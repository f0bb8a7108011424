package io.hurdvm.cli;

import io.hurdvm.config.ConfigFile;
import io.hurdvm.config.SettingKey;
import io.hurdvm.config.SettingSource;
import io.hurdvm.config.Settings;
import io.hurdvm.config.SizeParser;
import io.hurdvm.config.SpecResolver;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.lifecycle.InstancePreparer;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.lifecycle.UpWaiter;
import io.hurdvm.lifecycle.WaitCondition;
import io.hurdvm.qemu.AccelDecider;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "up", description = {
        "Create (first time) and boot an instance, and wait until it is ready.",
        "Settings precedence: flag > HURDVM_* env > seed env (QEMU_RAM, QEMU_SMP, QEMU_DRIVE, ENABLE_VNC,",
        "UNSAFE_CACHE) > --config YAML > the instance's saved settings > defaults."})
public final class UpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--image", paramLabel = "PATH", description = "Base disk image (never written: the instance gets a qcow2 overlay).") String image;
    @Option(names = "--memory", paramLabel = "MiB", description = "Guest RAM (default 2048).") String memory;
    @Option(names = "--cpus", paramLabel = "N", description = "vCPUs (default 1; gnumach SMP is experimental).") String cpus;
    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", description = "auto measures whether KVM is really faster here.") String accel;
    @Option(names = "--profile", paramLabel = "hurd-amd64|i440fx-ide") String profile;
    @Option(names = "--ssh-port", paramLabel = "N", description = "Host port for SSH on 127.0.0.1 (default: a free one).") String sshPort;
    @Option(names = "--disk-size", paramLabel = "SIZE", description = "Grow the overlay's virtual size, e.g. 20G.") String diskSize;
    @Option(names = "--vnc", arity = "0..1", fallbackValue = "true", description = "VGA display on a VNC Unix socket.") String vnc;
    @Option(names = "--unsafe-cache", arity = "0..1", fallbackValue = "true", description = "cache=unsafe: fast, loses data on host crash.") String unsafeCache;
    @Option(names = "--restart", paramLabel = "never|on-failure") String restart;
    @Option(names = "--wait", paramLabel = "none|console|ssh", description = "What 'up' waits for before returning 0 (default ssh).") String waitFor;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait (default 5m).") String timeout;
    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file (or HURDVM_CONFIG).") Path config;
    @Option(names = "--foreground", description = "Run the supervisor in this process (containers): returns when the VM stops.") boolean foreground;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = CliContext.fromEnvironment();
        InstanceName instance = InstanceName.of(name);
        boolean exists = ctx.store().exists(instance);
        Settings settings = Settings.merge(layers(ctx, exists ? Optional.of(instance) : Optional.empty()));
        VmSpec vmSpec = SpecResolver.resolve(instance, settings);
        WaitCondition wait = WaitCondition.parse(settings.text(SettingKey.WAIT).orElse("ssh"));
        Duration waitTimeout = SizeParser.duration("--timeout", settings.text(SettingKey.TIMEOUT).orElse("5m"));
        InstancePaths paths = ctx.store().paths(instance);

        if (exists && SupervisorLiveness.liveSupervisor(paths).isPresent()) {
            UpResult r = new UpWaiter(ctx.store(), instance).await(wait, waitTimeout);
            return report(r.alreadyRunning());
        }
        InstancePreparer preparer = new InstancePreparer(ctx.store());
        preparer.validate(vmSpec, exists);
        // Decided here as well as in the supervisor (which reads the cached measurement) so that an
        // impossible --accel kvm is reported before anything is created.
        AccelDecision accelDecision = AccelDecider.forHost(QemuCommandBuilder.DEFAULT_BINARY, ctx.home().resolve("accel-probe.json"))
                .decide(vmSpec.accel());
        printProgress("acceleration: " + accelDecision.chosen().cliName() + " (" + accelDecision.reason() + ")");

        if (exists) {
            preparer.update(vmSpec);
        } else {
            preparer.create(vmSpec);
            printProgress("created instance " + instance + " (overlay on " + vmSpec.baseImage() + ")");
        }
        if (vmSpec.smpExperimental()) {
            spec.commandLine().getErr().println("hurdvm: warning: " + vmSpec.cpus()
                    + " vCPUs requested; stock gnumach is uniprocessor and SMP is experimental");
        }
        if (foreground) {
            return io.hurdvm.supervisor.SupervisorMain.runInForeground(ctx.home(), instance);
        }
        io.hurdvm.supervisor.SupervisorSpawner.spawn(ctx.home(), paths);
        printProgress("booting " + instance + ", waiting for " + wait.description() + " (timeout " + waitTimeout.toSeconds() + "s)");
        return report(new UpWaiter(ctx.store(), instance).await(wait, waitTimeout));
    }

    private Map<SettingSource, Map<SettingKey, String>> layers(CliContext ctx, Optional<InstanceName> existing) {
        Map<SettingSource, Map<SettingKey, String>> l = new EnumMap<>(SettingSource.class);
        l.put(SettingSource.FLAG, flagLayer());
        l.put(SettingSource.ENV, Settings.envLayer(ctx.env(), false));
        l.put(SettingSource.SEED_ENV, Settings.envLayer(ctx.env(), true));
        Path cfg = config != null ? config : Optional.ofNullable(ctx.env().get("HURDVM_CONFIG")).map(Path::of).orElse(null);
        l.put(SettingSource.CONFIG_FILE, cfg == null ? Map.of() : ConfigFile.read(cfg));
        existing.ifPresent(n -> l.put(SettingSource.INSTANCE,
                SpecResolver.instanceLayer(JsonFiles.read(ctx.store().paths(n).specFile(), StoredSpec.class))));
        l.put(SettingSource.DEFAULT, SpecResolver.defaults());
        return l;
    }

    private Map<SettingKey, String> flagLayer() {
        Map<SettingKey, String> f = new EnumMap<>(SettingKey.class);
        put(f, SettingKey.IMAGE, image);
        put(f, SettingKey.MEMORY, memory);
        put(f, SettingKey.CPUS, cpus);
        put(f, SettingKey.ACCEL, accel);
        put(f, SettingKey.PROFILE, profile);
        put(f, SettingKey.SSH_PORT, sshPort);
        put(f, SettingKey.DISK_SIZE, diskSize);
        put(f, SettingKey.VNC, vnc);
        put(f, SettingKey.UNSAFE_CACHE, unsafeCache);
        put(f, SettingKey.RESTART, restart);
        put(f, SettingKey.WAIT, waitFor);
        put(f, SettingKey.TIMEOUT, timeout);
        return f;
    }

    private static void put(Map<SettingKey, String> m, SettingKey k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private void printProgress(String line) {
        if (!output.json()) {
            spec.commandLine().getErr().println("hurdvm: " + line);
        }
    }

    private int report(UpResult r) {
        var out = spec.commandLine().getOut();
        if (output.json()) {
            OutputFormat.printJson(out, r);
        } else {
            out.println(r.message());
            if (!r.consoleTail().isEmpty()) {
                out.println("--- last console lines ---");
                r.consoleTail().forEach(out::println);
            }
            out.flush();
        }
        return switch (r.outcome()) {
            case READY, ALREADY_RUNNING -> ExitCodes.OK;
            case TIMEOUT -> ExitCodes.TIMEOUT;
            case FAILED -> ExitCodes.VM_FAILED;
        };
    }
}
