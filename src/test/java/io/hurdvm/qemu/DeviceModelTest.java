package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.vm.Accel;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceModelTest {
    private static VmSpec.Builder spec(String name, String image) {
        return VmSpec.builder(InstanceName.of(name), Path.of(image)).memoryMib(512);
    }

    private static DeviceModel model(VmSpec spec) {
        return DeviceModel.of(QemuCommandBuilder.DEFAULT_BINARY, spec, Accel.TCG);
    }

    @Test
    void whatBelongsToOneInstance_doesNotChangeTheModel_nameImagePortsAndForwards() {
        DeviceModel template = model(spec("src", "/store/a.qcow2").build());
        DeviceModel clone = model(spec("clone-7", "/home/t/templates/t/disk.qcow2").ssh(new PortForward("0.0.0.0", 2222, 22))
                .forwards(List.of(new PortForward("127.0.0.1", 8080, 80))).build());
        assertThat(clone).isEqualTo(template);
        assertThat(template.argv()).contains("-m 512M").doesNotContain("src").doesNotContain("clone-7");
        assertThat(template.sha256()).hasSize(64);
    }

    @Test
    void whatTheGuestSees_changesTheModel_andTheFirstDifferenceIsNamed() {
        DeviceModel small = model(spec("a", "/i").build());
        DeviceModel big = model(spec("a", "/i").memoryMib(1024).build());
        assertThat(big.sha256()).isNotEqualTo(small.sha256());
        assertThat(big.firstDifference(small)).isEqualTo("'1024M' instead of '512M'");
        assertThat(model(spec("a", "/i").vnc(true).build()).sha256()).isNotEqualTo(small.sha256());
        assertThat(DeviceModel.of(QemuCommandBuilder.DEFAULT_BINARY, spec("a", "/i").build(), Accel.KVM).sha256())
                .isNotEqualTo(small.sha256());
    }
}
