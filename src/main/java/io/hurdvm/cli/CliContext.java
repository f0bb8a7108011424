package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.HurdvmHome;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.TemplateService;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What every local command needs: the environment, HURDVM_HOME and the instance store. */
public record CliContext(HostEnvironment host, Path home, InstanceStore store) {

    /** The context of the command tree {@code spec} belongs to (its environment was read once, by main). */
    public static CliContext of(CommandSpec spec) {
        return of(HurdvmCommand.environmentOf(spec));
    }

    public static CliContext of(HostEnvironment host) {
        // Secrets, keys and disks live below: nobody else may enter, whatever the umask made of it earlier.
        Path home = PrivateDirectory.ensureOwned(HurdvmHome.resolve(host.asMap()));
        return new CliContext(host, home, new InstanceStore(home, host));
    }

    /** The environment as a map, for code that takes its settings from one. */
    public Map<String, String> env() {
        return host.asMap();
    }

    /** Parses a user-given name and checks the instance exists. */
    public InstanceName existing(String rawName) {
        InstanceName name = InstanceName.of(rawName);
        if (!store.exists(name)) {
            throw new CliException(ErrorKind.NOT_FOUND, "no instance named '" + name + "' (see 'hurdvm list')");
        }
        return name;
    }

    public InstanceService service() {
        return new InstanceService(home, host);
    }

    public TemplateService templates() {
        return new TemplateService(home, store);
    }

    public InstanceView view(InstanceName name) {
        return service().view(name);
    }
}
