package io.hurdvm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.Accel;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.Profile;
import io.hurdvm.vm.RestartPolicy;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsDiffTest {
    private static final InstanceName NAME = InstanceName.of("vm");

    private static VmSpec.Builder saved() {
        return VmSpec.builder(NAME, Path.of("/img/base.qcow2")).memoryMib(512);
    }

    @Test
    void sameSettings_changeNothing() {
        assertThat(SettingsDiff.between(saved().build(), saved().build())).isEmpty();
    }

    @Test
    void everyChangedSetting_isNamed_withOldAndNewValue_andTheFlagsThatAskForIt() {
        VmSpec wanted = saved().memoryMib(1024).cpus(2).accel(Accel.TCG).profile(Profile.I440FX_IDE)
                .ssh(new PortForward("127.0.0.1", 2222, 22)).forwards(List.of(new PortForward("0.0.0.0", 8080, 80),
                        new PortForward("127.0.0.1", 5353, 53, PortForward.Protocol.UDP)))
                .vnc(true).unsafeCache(true).restart(RestartPolicy.never()).build();

        List<SettingChange> changes = SettingsDiff.between(saved().build(), wanted);

        assertThat(changes).extracting(SettingChange::describe).containsExactly(
                "profile hurd-amd64 -> i440fx-ide",
                "memory 512 MiB -> 1024 MiB",
                "cpus 1 -> 2",
                "accel auto -> tcg",
                "ssh-port any free port -> 2222",
                "forwards none -> 0.0.0.0:8080:80/tcp 127.0.0.1:5353:53/udp",
                "vnc false -> true",
                "unsafe-cache false -> true",
                "restart on-failure -> never");
        assertThat(changes).extracting(SettingChange::flags).contains("--memory 1024",
                "--forward 0.0.0.0:8080:80/tcp --forward 127.0.0.1:5353:53/udp", "--restart never", "--vnc=true");
    }

    @Test
    void removedForwards_areAskedForWithNone() {
        VmSpec withForward = saved().forwards(List.of(new PortForward("127.0.0.1", 8080, 80))).build();
        assertThat(SettingsDiff.between(withForward, saved().build())).singleElement()
                .isEqualTo(new SettingChange("forwards", "127.0.0.1:8080:80/tcp", "none", "--forward none"));
    }

    @Test
    void whileRunning_theRefusalIsOneLine_namingTheChangesAndTheCommandThatAppliesThem() {
        List<SettingChange> changes = SettingsDiff.between(saved().build(), saved().memoryMib(1024)
                .forwards(List.of(new PortForward("127.0.0.1", 8080, 80))).build());
        assertThat(SettingsDiff.refusalWhileRunning(NAME, changes, "running")).isEqualTo("instance vm is running with other"
                + " settings (memory 512 MiB -> 1024 MiB, forwards none -> 127.0.0.1:8080:80/tcp); they apply at its next start:"
                + " 'hurdvm down vm && hurdvm up vm --memory 1024 --forward 127.0.0.1:8080:80/tcp'");
    }

    @Test
    void aDifferentDiskSize_isRefused_becauseTheOverlayExists() {
        assertThatThrownBy(() -> SettingsDiff.between(saved().build(), saved().diskSizeBytes(20L << 30).build()))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("cannot change").hasMessageNotContaining("\n");
    }
}
