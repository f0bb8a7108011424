package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.HurdvmHome;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Path;
import java.util.Map;

/** What every command needs: the environment, HURDVM_HOME and the instance store. */
public record CliContext(Map<String, String> env, Path home, InstanceStore store) {

    public static CliContext fromEnvironment() {
        Map<String, String> env = System.getenv();
        // Secrets, keys and disks live below: nobody else may enter, whatever the umask made of it earlier.
        Path home = PrivateDirectory.ensureOwned(HurdvmHome.resolve(env));
        return new CliContext(env, home, new InstanceStore(home));
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
        return new InstanceService(home, env);
    }

    public InstanceView view(InstanceName name) {
        return service().view(name);
    }
}
