package io.hurdvm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.ProvisionState;
import io.hurdvm.vm.VmState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** '--wait ssh' holds once SSH works and the provision scripts are done; '--wait console' does not wait for them. */
class WaitConditionProvisionTest {
    private static InstanceState ready(ProvisionState p) {
        return InstanceState.created().toBuilder().state(VmState.RUNNING).qemu(42, 1).consoleReady(true).sshReady(true)
                .provision(p).build();
    }

    @Test
    void sshHolds_onlyOnceTheScriptsAreDone() {
        assertThat(WaitCondition.SSH.heldBy(ready(ProvisionState.running()))).isFalse();
        assertThat(WaitCondition.SSH.heldBy(ready(ProvisionState.failed(List.of(), "x failed", List.of())))).isFalse();
        assertThat(WaitCondition.SSH.heldBy(ready(ProvisionState.done(List.of("a.sh: ran in 1.0s"))))).isTrue();
        assertThat(WaitCondition.CONSOLE.heldBy(ready(ProvisionState.running()))).isTrue();
    }

    @Test
    void aSupervisorThatPredatesProvisionScripts_recordsNone_andSshStillHolds() {
        assertThat(WaitCondition.SSH.heldBy(ready(null))).isTrue();
    }

    @Test
    void aNewBoot_forgetsTheLastBootsScripts() {
        InstanceState next = ready(ProvisionState.failed(List.of(), "x failed", List.of())).toBuilder()
                .newBoot(java.time.Instant.now()).build();
        assertThat(next.provision()).isNull();
        assertThat(next.sshReady()).isFalse();
    }
}
