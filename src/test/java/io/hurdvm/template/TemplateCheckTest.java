package io.hurdvm.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.StoredSpec;
import io.hurdvm.qemu.DeviceModel;
import io.hurdvm.qemu.QemuBuild;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateCheckTest {
    @TempDir
    Path dir;

    private TemplateManifest manifest(String layerSha) {
        VmSpec spec = VmSpec.builder(InstanceName.of("src"), Path.of("/base.qcow2")).memoryMib(512).build();
        return new TemplateManifest(TemplateManifest.FORMAT, "t", Instant.now(), "src", "7.2.22 (Debian 1:7.2+dfsg-7)",
                "qemu-system-x86_64 -m 512M", "a".repeat(64), StoredSpec.from(spec), new TemplateManifest.Layer(5, layerSha, "/base.qcow2"),
                new TemplateManifest.State("zstd:1", 1, 2, 3), List.of());
    }

    @Test
    void anotherQemuBuild_isRefused_namingBothAndTheFix() {
        assertThatThrownBy(() -> TemplateCheck.requireSameQemu(manifest("x"), new QemuBuild("8.2.0")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("saved by QEMU 7.2.22 (Debian 1:7.2+dfsg-7) but this host runs QEMU 8.2.0")
                .hasMessageContaining("template create t --from NAME");
        TemplateCheck.requireSameQemu(manifest("x"), new QemuBuild("7.2.22 (Debian 1:7.2+dfsg-7)"));
    }

    @Test
    void anotherDeviceModel_isRefused_namingTheFirstDifference() {
        assertThatThrownBy(() -> TemplateCheck.requireSameDeviceModel(manifest("x"), new DeviceModel("qemu-system-x86_64 -m 1024M", "c".repeat(64))))
                .hasMessageContaining("another device model").hasMessageContaining("'1024M' instead of '512M'");
    }

    @Test
    void theLayer_isHashedOnce_thenTrustedWhileUnchanged_andAChangeIsCaught() throws Exception {
        TemplatePaths paths = new TemplatePaths(dir);
        Files.writeString(paths.disk(), "layer bytes");
        TemplateManifest m = manifest(ContentHash.sha256(paths.disk()));
        TemplateCheck.requireSameLayer(m, paths);
        assertThat(LayerVerification.stillVerified(paths, m.disk().sha256())).isTrue();
        TemplateCheck.requireSameLayer(m, paths);
        Files.writeString(paths.disk(), "other bytes");
        Files.setLastModifiedTime(paths.disk(), FileTime.from(Instant.now().minusSeconds(3600)));
        assertThat(LayerVerification.stillVerified(paths, m.disk().sha256())).isFalse();
        assertThatThrownBy(() -> TemplateCheck.requireSameLayer(m, paths)).hasMessageContaining("disk layer")
                .hasMessageContaining("changed since it was saved");
    }
}
