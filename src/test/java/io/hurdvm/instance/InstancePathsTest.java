package io.hurdvm.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstancePathsTest {
    private static final Path LONG_HOME = Path.of("/srv/" + "a-rather-long-folder-name/".repeat(4));

    @Test
    void socketsOfAShortPath_stayInTheInstanceFolder() {
        InstancePaths paths = new InstanceStore(Path.of("/srv/hv"), HostEnvironment.empty()).paths(InstanceName.of("vm"));
        assertThat(paths.socketDir()).isEqualTo(Path.of("/srv/hv/instances/vm"));
    }

    @Test
    void socketsOfALongPath_goToTheRuntimeDirTheEnvironmentNames() {
        HostEnvironment env = HostEnvironment.of(Map.of("HURDVM_RUNTIME_DIR", "/run/user/1000/hv"));
        InstancePaths paths = new InstanceStore(LONG_HOME, env).paths(InstanceName.of("vm"));
        assertThat(paths.socketDir().getParent()).isEqualTo(Path.of("/run/user/1000/hv"));
        assertThat(paths.controlSocket().toString().length()).isLessThanOrEqualTo(InstancePaths.MAX_SOCKET_PATH);
    }

    @Test
    void withoutARuntimeDir_longPathsUseThePerUserTmpFolder_theSameForEveryProcess() {
        InstancePaths a = new InstanceStore(LONG_HOME, HostEnvironment.empty()).paths(InstanceName.of("vm"));
        InstancePaths b = InstancePaths.forDir(LONG_HOME.resolve("instances/vm"));
        assertThat(a.socketDir().getParent()).isEqualTo(Path.of("/tmp", "hurdvm-" + PrivateDirectory.currentUid()));
        assertThat(a).isEqualTo(b);
    }
}
