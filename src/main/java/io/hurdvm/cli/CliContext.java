package io.hurdvm.cli;

import io.hurdvm.config.HurdvmHome;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Path;
import java.util.Map;

/** What every command needs: the environment, HURDVM_HOME and the instance store. */
public record CliContext(Map<String, String> env, Path home, InstanceStore store) {

    public static CliContext fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path home = HurdvmHome.resolve(env);
        return new CliContext(env, home, new InstanceStore(home));
    }

    /** Parses a user-given name and checks the instance exists. */
    public InstanceName existing(String rawName) {
        InstanceName name = InstanceName.of(rawName);
        if (!store.exists(name)) {
            throw new CliException(ExitCodes.NOT_FOUND, "no instance named '" + name + "' (see 'hurdvm list')");
        }
        return name;
    }

    public InstanceView view(InstanceName name) {
        InstancePaths paths = store.paths(name);
        InstanceState state = store.readState(name).orElse(InstanceState.created());
        boolean alive = SupervisorLiveness.liveSupervisor(paths).isPresent();
        return InstanceView.of(store.loadSpec(name), state, alive);
    }
}
