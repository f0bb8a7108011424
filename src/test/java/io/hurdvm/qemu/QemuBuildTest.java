package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.qmp.QemuVersion;
import org.junit.jupiter.api.Test;

class QemuBuildTest {
    @Test
    void theVersionLine_andTheQmpGreeting_ofOneBuild_giveTheSameText() {
        QemuBuild fromBinary = QemuBuild.parse("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)").orElseThrow();
        QemuBuild fromQmp = QemuBuild.of(new QemuVersion(7, 2, 22, " (Debian 1:7.2+dfsg-7+deb12u18+b3)"));
        assertThat(fromBinary).isEqualTo(fromQmp);
        assertThat(fromBinary.text()).isEqualTo("7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)");
    }

    @Test
    void anUpstreamBuild_hasNoPackage_andGarbageIsNoVersion() {
        assertThat(QemuBuild.parse("QEMU emulator version 8.2.0").orElseThrow().text()).isEqualTo("8.2.0");
        assertThat(QemuBuild.of(new QemuVersion(8, 2, 0, "")).text()).isEqualTo("8.2.0");
        assertThat(QemuBuild.parse("qemu-system-x86_64: command not found")).isEmpty();
    }
}
