package io.hurdvm.cli;

import io.hurdvm.config.ConfigFile;
import io.hurdvm.config.ForwardParser;
import io.hurdvm.config.ProvisionScripts;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.SettingKey;
import io.hurdvm.vm.ProvisionScript;
import java.util.List;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.UpRequest;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.supervisor.SupervisorSpawner;
import io.hurdvm.lifecycle.SupervisorProcess;
import io.hurdvm.terminal.Tty;
import java.nio.file.Path;
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
        "Settings precedence: flag > HURDVM_* env > seed env (QEMU_RAM, QEMU_SMP, QEMU_DRIVE, ENABLE_VNC, UNSAFE_CACHE)"
                + " > --config YAML > the instance's saved settings > defaults."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm up vm --image debian-hurd-amd64",
                "  hurdvm up vm --memory 4096 --ssh-port 2222 --wait ssh --timeout 10m",
                "  hurdvm up vm --config vm.yaml --output json"})
public final class UpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name: 1-48 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.") String name;
    @Option(names = "--image", paramLabel = "PATH", description = "Base disk image (never written: the instance gets a qcow2 overlay).") String image;
    @Option(names = "--memory", paramLabel = "MiB", description = "Guest RAM (default 2048).") String memory;
    @Option(names = "--cpus", paramLabel = "N", description = "vCPUs (default 1; gnumach SMP is experimental).") String cpus;
    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", description = "Acceleration; auto (default) measures whether KVM is really faster here.") String accel;
    @Option(names = "--profile", paramLabel = "hurd-amd64|i440fx-ide", description = "Machine: hurd-amd64 (default: q35, disk on AHCI) or i440fx-ide (pc, for older images; less than 3584 MiB of RAM).") String profile;
    @Option(names = "--ssh-port", paramLabel = "N", description = "Host port for SSH on 127.0.0.1 (default: a free one).") String sshPort;
    @Option(names = "--ssh-bind", paramLabel = "ADDR", description = "Host address SSH listens on (default 127.0.0.1).") String sshBind;
    @Option(names = "--forward", paramLabel = "[BIND:]HOSTPORT:GUESTPORT[/tcp|udp]", description = {
            "Forward a host port to a guest port (repeatable; YAML 'forwards:'). BIND defaults to 127.0.0.1:"
                    + " other hosts reach the guest only when you name 0.0.0.0 or an address. 'none' removes saved forwards.",
            "Changes on an existing instance apply at its next start."}) List<String> forwards;
    @Option(names = "--provision", paramLabel = "FILE", description = {
            "Shell script to run once in the guest as root after SSH is ready, under 'sh -e' (repeatable, in order;"
                    + " YAML 'provision:'). It runs again only when its content changes. 'none' removes saved scripts.",
            "Output: provisioning.log in the instance folder; a failing script fails 'up' (exit 1)."}) List<String> provision;
    @Option(names = "--reprovision", description = "Run every provision script again, changed or not.") boolean reprovision;
    @Option(names = "--disk-size", paramLabel = "SIZE", description = "Grow the overlay's virtual size, e.g. 20G.") String diskSize;
    @Option(names = "--vnc", arity = "0..1", fallbackValue = "true", description = "VGA display on a VNC Unix socket.") String vnc;
    @Option(names = "--unsafe-cache", arity = "0..1", fallbackValue = "true", description = "cache=unsafe: fast, loses data on host crash.") String unsafeCache;
    @Option(names = "--restart", paramLabel = "never|on-failure", description = "What the supervisor does when QEMU exits unasked: restart it with backoff (on-failure, default) or not.") String restart;
    @Option(names = "--wait", paramLabel = "none|console|ssh", description = "What 'up' waits for before returning 0 (default ssh).") String waitFor;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait (default 5m).") String timeout;
    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file (or HURDVM_CONFIG).") Path config;
    @Option(names = "--root-password-file", paramLabel = "FILE", description = "Root password for the guest (else ROOT_PASSWORD_FILE, /run/secrets/root_password, or generated).") Path rootPasswordFile;
    @Option(names = "--template", paramLabel = "TEMPLATE", description = "Make NAME a clone of TEMPLATE: resumed from its saved machine in seconds (see 'hurdvm template').") String template;
    @Option(names = "--foreground", description = "Run the supervisor in this process (containers): returns when the VM stops.") boolean foreground;
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (host.remote()) {
            return report(host.call(c -> c.up(name, remoteSettings(), Optional.ofNullable(template))));
        }
        CliContext ctx = CliContext.fromEnvironment();
        InstanceService service = ctx.service();
        UpRequest request = new UpRequest(name, flagLayer(), Optional.ofNullable(config), Optional.ofNullable(rootPasswordFile),
                provisionScripts(), reprovision);
        if (template != null) {
            request = request.withTemplate(template);
        }
        InstanceService.PreparedUp prepared = service.prepare(request, this::printProgress);
        if (foreground && !prepared.alreadyRunning()) {
            // The supervisor's own lock keeps a second one away for as long as this process runs it.
            prepared.close();
            return SupervisorProcess.runInForeground(ctx.home(), prepared.spec().name(), VersionProvider.version(),
                    SupervisorSpawner.newRunId());
        }
        BootProgressPrinter boot = new BootProgressPrinter(spec.commandLine().getErr(), Tty.stderrIsTerminal());
        UpResult result;
        try {
            result = service.startAndWait(prepared, this::printProgress, output.structured() ? p -> { } : boot);
        } finally {
            boot.finish();
        }
        return report(result);
    }

    private Map<SettingKey, String> flagLayer() {
        Map<SettingKey, String> f = new EnumMap<>(SettingKey.class);
        put(f, SettingKey.IMAGE, image);
        put(f, SettingKey.MEMORY, memory);
        put(f, SettingKey.CPUS, cpus);
        put(f, SettingKey.ACCEL, accel);
        put(f, SettingKey.PROFILE, profile);
        put(f, SettingKey.SSH_PORT, sshPort);
        put(f, SettingKey.SSH_BIND, sshBind);
        if (forwards != null) {
            put(f, SettingKey.FORWARDS, forwardList());
        }
        put(f, SettingKey.DISK_SIZE, diskSize);
        put(f, SettingKey.VNC, vnc);
        put(f, SettingKey.UNSAFE_CACHE, unsafeCache);
        put(f, SettingKey.RESTART, restart);
        put(f, SettingKey.WAIT, waitFor);
        put(f, SettingKey.TIMEOUT, timeout);
        return f;
    }

    /** The daemon cannot read our --config file: its settings travel in the request, under the flags. */
    private Map<SettingKey, String> remoteSettings() {
        if (foreground) {
            throw new CliException(ErrorKind.BAD_INPUT, "--foreground runs the VM in this process and cannot be combined with --host");
        }
        if (provision != null || reprovision) {
            throw new CliException(ErrorKind.BAD_INPUT, "--provision and --reprovision cannot go through --host: the daemon runs"
                    + " only the provision scripts of its own config file (HURDVM_CONFIG); run 'up' on the daemon's host");
        }
        Map<SettingKey, String> s = new EnumMap<>(SettingKey.class);
        if (config != null) {
            ConfigFile.Contents contents = ConfigFile.load(config);
            if (contents.provision().isPresent()) {
                throw new CliException(ErrorKind.BAD_INPUT, "config file " + config + " has 'provision:', which cannot go through --host:"
                        + " the daemon runs only the provision scripts of its own config file (HURDVM_CONFIG)");
            }
            s.putAll(contents.settings());
        }
        s.putAll(flagLayer());
        s.computeIfPresent(SettingKey.IMAGE, (k, v) -> Path.of(v).toAbsolutePath().normalize().toString());
        return s;
    }

    /** The repeated --forward as the one setting: one forward per flag, or none. */
    private String forwardList() {
        for (String fw : forwards) {
            if (fw.contains(",")) {
                throw new CliException(ErrorKind.BAD_INPUT, "invalid --forward '" + fw + "': give one forward per --forward"
                        + " (repeat the flag for more)");
            }
        }
        return forwards.stream().anyMatch(fw -> fw.strip().equals(ForwardParser.NONE)) ? ForwardParser.NONE : String.join(",", forwards);
    }

    /** The scripts of --provision, read now (so a missing file is bad input before anything changes). */
    private Optional<List<ProvisionScript>> provisionScripts() {
        if (provision == null) {
            return Optional.empty();
        }
        if (provision.contains(ProvisionScripts.NONE)) {
            return Optional.of(List.of());
        }
        return Optional.of(provision.stream().map(p -> ProvisionScripts.read(Path.of(p))).toList());
    }

    private static void put(Map<SettingKey, String> m, SettingKey k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private void printProgress(String line) {
        if (!output.structured()) {
            spec.commandLine().getErr().println("hurdvm: " + line);
        }
    }

    private int report(UpResult r) {
        var out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, r);
        } else {
            r.provisioned().forEach(line -> out.println("provision: " + line));
            out.println(r.message());
            if (r.next() != null) {
                out.println(r.next());
            }
            if (!r.consoleTail().isEmpty()) {
                out.println("--- last console lines ---");
                r.consoleTail().forEach(out::println);
            }
            if (!r.scriptOutput().isEmpty()) {
                out.println("--- last lines of the provision script's output ---");
                r.scriptOutput().forEach(out::println);
            }
            out.flush();
        }
        return switch (r.outcome()) {
            case READY, ALREADY_RUNNING -> ExitCodes.OK;
            case TIMEOUT -> ExitCodes.TIMEOUT;
            case FAILED -> ExitCodes.VM_FAILED;
            case PROVISION_FAILED -> ExitCodes.FAILURE;
        };
    }
}
