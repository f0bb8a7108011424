package io.hurdvm.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateStoreTest {
    @TempDir
    Path home;

    private static TemplateManifest manifest(String name) {
        VmSpec spec = VmSpec.builder(InstanceName.of("src"), Path.of("/base.qcow2")).memoryMib(512).build();
        return new TemplateManifest(TemplateManifest.FORMAT, name, Instant.parse("2026-01-01T00:00:00Z"), "src", "7.2.22",
                "qemu-system-x86_64 -m 512M", "a".repeat(64), StoredSpec.from(spec),
                new TemplateManifest.Layer(3, "b".repeat(64), "/base.qcow2"), new TemplateManifest.State("zstd:1", 2, 4, 10), List.of());
    }

    private static void stage(TemplateStore.Staging s) throws Exception {
        Files.writeString(s.paths().disk(), "dsk");
        Files.writeString(s.paths().state(), "st");
    }

    @Test
    void aTemplateBeingWritten_isNeverListed_andAppearsWholeOnCommit() throws Exception {
        TemplateStore store = new TemplateStore(home);
        TemplateName t = TemplateName.of("base");
        try (TemplateStore.Staging s = store.begin(t)) {
            stage(s);
            assertThat(store.list()).isEmpty();
            assertThat(store.find(t)).isEmpty();
            s.commit(manifest("base"));
        }
        assertThat(store.list()).extracting(TemplateManifest::name).containsExactly("base");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(store.paths(t).disk())))
                .as("the layer is read-only").isEqualTo("r--------");
        assertThat(store.require(t).disk().sha256()).isEqualTo("b".repeat(64));
    }

    @Test
    void aFailedCreation_leavesNothing_andAnExistingNameIsRefused() throws Exception {
        TemplateStore store = new TemplateStore(home);
        try (TemplateStore.Staging s = store.begin(TemplateName.of("broken"))) {
            stage(s);
            // no commit: the creation failed
        }
        try (var left = Files.list(store.dir())) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".locks"))).isEmpty();
        }
        try (TemplateStore.Staging s = store.begin(TemplateName.of("x"))) {
            stage(s);
            s.commit(manifest("x"));
        }
        assertThatThrownBy(() -> store.begin(TemplateName.of("x"))).isInstanceOf(TemplateException.class)
                .hasMessageContaining("already exists").hasMessageContaining("template rm x");
    }

    @Test
    void usedBy_namesTheInstancesOnTheLayer_andRemoveMakesItDisappearAtOnce() throws Exception {
        TemplateStore store = new TemplateStore(home);
        TemplateName t = TemplateName.of("t");
        try (TemplateStore.Staging s = store.begin(t)) {
            stage(s);
            s.commit(manifest("t"));
        }
        InstanceStore instances = new InstanceStore(home, io.hurdvm.env.HostEnvironment.empty());
        instances.create(VmSpec.builder(InstanceName.of("clone1"), store.paths(t).disk()).build(), (spec, disk) -> write(disk));
        instances.create(VmSpec.builder(InstanceName.of("other"), Path.of("/elsewhere.qcow2")).build(), (spec, disk) -> write(disk));
        assertThat(store.usedBy(t, instances)).containsExactly(InstanceName.of("clone1"));
        store.remove(t);
        assertThat(store.list()).isEmpty();
        assertThat(store.paths(t).dir()).doesNotExist();
        assertThatThrownBy(() -> store.require(t)).isInstanceOf(TemplateException.class).hasMessageContaining("no template named 't'");
    }

    @Test
    void aTemplateSavedFromACloneOfAnother_isFoundAsBuiltOnIt() throws Exception {
        TemplateStore store = new TemplateStore(home);
        try (TemplateStore.Staging s = store.begin(TemplateName.of("base"))) {
            stage(s);
            s.commit(manifest("base"));
        }
        TemplateManifest onBase = manifest("second");
        onBase = new TemplateManifest(onBase.format(), "second", onBase.createdAt(), "clone1", onBase.qemu(), onBase.deviceModel(),
                onBase.deviceModelSha256(), onBase.spec(), new TemplateManifest.Layer(3, "c".repeat(64),
                store.paths(TemplateName.of("base")).disk().toString()), onBase.state(), List.of());
        try (TemplateStore.Staging s = store.begin(TemplateName.of("second"))) {
            stage(s);
            s.commit(onBase);
        }
        assertThat(store.templatesOn(TemplateName.of("base"))).containsExactly(TemplateName.of("second"));
        assertThat(store.templatesOn(TemplateName.of("second"))).isEmpty();
    }

    @Test
    void names_followTheInstanceRules() {
        assertThatThrownBy(() -> TemplateName.of("../x")).isInstanceOf(TemplateException.class).hasMessageContaining("invalid template name");
        assertThatThrownBy(() -> TemplateName.of("A")).isInstanceOf(TemplateException.class);
        assertThat(TemplateName.of("ci-base.1").value()).isEqualTo("ci-base.1");
    }

    private static void write(Path disk) {
        try {
            Files.writeString(disk, "overlay");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
