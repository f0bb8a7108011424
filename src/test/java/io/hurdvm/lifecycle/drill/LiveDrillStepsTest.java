package io.hurdvm.lifecycle.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.target.BackupTargetException;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of a drill that need no guest, against a real HURDVM_HOME: the host's limits (FitCheck, made
 * to refuse with HURDVM_MEMORY_LIMIT_MIB), discarding a throwaway that a killed restore left only half of,
 * and a source that cannot be opened failing the restore step (so the drill records it).
 */
class LiveDrillStepsTest {
    private static final InstanceName THROWAWAY = InstanceName.of("drill-web-0a1b");
    @TempDir Path home;
    private final List<String> log = new ArrayList<>();

    private LiveDrillSteps steps(Map<String, String> env) {
        return new LiveDrillSteps(new InstanceService(home, io.hurdvm.env.HostEnvironment.of(env)), () -> {
            throw new BackupTargetException(BackupTargetException.Reason.UNREACHABLE, "cannot reach s3://b/vms");
        }, "web", Optional::empty, Optional.empty(), java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1), env, log::add);
    }

    private void restored(int memoryMib) throws Exception {
        Path dir = Files.createDirectories(home.resolve("instances").resolve(THROWAWAY.value()));
        VmSpec spec = VmSpec.builder(THROWAWAY, home.resolve("base.qcow2")).memoryMib(memoryMib).build();
        JsonFiles.writeAtomically(dir.resolve("spec.json"), StoredSpec.from(spec));
        JsonFiles.writeAtomically(dir.resolve("state.json"), InstanceState.created());
    }

    @Test
    void aGuestTheLimitsCannotHold_isNotBooted_sayingWhichLimit() throws Exception {
        restored(2048);
        assertThatThrownBy(() -> steps(Map.of("HURDVM_MEMORY_LIMIT_MIB", "1024")).requireRoom(THROWAWAY))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("the host's limits leave no room for the restored guest: guest needs 2048 MiB")
                .hasMessageContaining("HURDVM_MEMORY_LIMIT_MIB");
    }

    @Test
    void discard_removesTheThrowawayAndWhatAKilledRestoreLeft_andIsANoOpWhenNothingIsThere() throws Exception {
        restored(512);
        Path dead = Files.createDirectories(home.resolve("instances").resolve("." + THROWAWAY.value() + ".restoring-999999999"));
        Files.writeString(dead.resolve("restored.qcow2"), "half");
        Path otherInstances = Files.createDirectories(home.resolve("instances").resolve(".web.restoring-999999999"));
        LiveDrillSteps steps = steps(Map.of());
        assertThat(steps.exists(THROWAWAY)).isTrue();

        steps.discard(THROWAWAY);
        assertThat(home.resolve("instances").resolve(THROWAWAY.value())).doesNotExist();
        assertThat(dead).doesNotExist();
        assertThat(otherInstances).as("another instance's work folder is not the drill's").exists();
        assertThat(steps.exists(THROWAWAY)).isFalse();
        steps.discard(THROWAWAY);
    }

    @Test
    void anUnreachableSource_failsTheRestoreStep_andNoCheckMeansNoSsh() throws Exception {
        LiveDrillSteps steps = steps(Map.of());
        assertThatThrownBy(() -> steps.restore(THROWAWAY)).hasMessage("cannot reach s3://b/vms");
        assertThat(home.resolve("instances").resolve(THROWAWAY.value())).doesNotExist();
        steps.check(THROWAWAY); // no --check: nothing to run, no SSH attempted
    }
}
