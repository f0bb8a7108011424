package io.hurdvm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsPrecedenceTest {
    @TempDir Path dir;

    private static Map<SettingSource, Map<SettingKey, String>> layers(Map<String, String> env, Map<SettingKey, String> flags,
                                                                      Map<SettingKey, String> file) {
        Map<SettingSource, Map<SettingKey, String>> l = new EnumMap<>(SettingSource.class);
        l.put(SettingSource.FLAG, flags);
        l.put(SettingSource.ENV, Settings.envLayer(env, false));
        l.put(SettingSource.SEED_ENV, Settings.envLayer(env, true));
        l.put(SettingSource.CONFIG_FILE, file);
        l.put(SettingSource.DEFAULT, SpecResolver.defaults());
        return l;
    }

    @Test
    void flag_beatsHurdvmEnv_beatsSeedEnv_beatsConfigFile_beatsDefault() {
        Map<String, String> env = Map.of("HURDVM_MEMORY", "1024", "QEMU_RAM", "768", "QEMU_SMP", "2");
        Map<SettingKey, String> flags = Map.of(SettingKey.MEMORY, "1536");
        Map<SettingKey, String> file = Map.of(SettingKey.MEMORY, "512", SettingKey.CPUS, "3", SettingKey.ACCEL, "tcg");

        Settings s = Settings.merge(layers(env, flags, file));

        assertThat(s.get(SettingKey.MEMORY).orElseThrow()).isEqualTo(new Settings.Value("1536", SettingSource.FLAG));
        assertThat(s.get(SettingKey.CPUS).orElseThrow()).isEqualTo(new Settings.Value("2", SettingSource.SEED_ENV));
        assertThat(s.get(SettingKey.ACCEL).orElseThrow()).isEqualTo(new Settings.Value("tcg", SettingSource.CONFIG_FILE));
        assertThat(s.get(SettingKey.PROFILE).orElseThrow().source()).isEqualTo(SettingSource.DEFAULT);
    }

    @Test
    void hurdvmEnv_beatsSeedEnv() {
        Settings s = Settings.merge(layers(Map.of("HURDVM_MEMORY", "1024", "QEMU_RAM", "768"), Map.of(), Map.of()));
        assertThat(s.text(SettingKey.MEMORY)).contains("1024");
    }

    @Test
    void seedNames_allMapToSettings() {
        Map<String, String> env = Map.of("QEMU_RAM", "3G", "QEMU_SMP", "2", "QEMU_DRIVE", "/img/hurd.img",
                "ENABLE_VNC", "1", "UNSAFE_CACHE", "yes");
        VmSpec spec = SpecResolver.resolve(InstanceName.of("a"), Settings.merge(layers(env, Map.of(), Map.of())));
        assertThat(spec.memoryMib()).isEqualTo(3072);
        assertThat(spec.cpus()).isEqualTo(2);
        assertThat(spec.baseImage()).isEqualTo(Path.of("/img/hurd.img"));
        assertThat(spec.vnc()).isTrue();
        assertThat(spec.unsafeCache()).isTrue();
    }

    @Test
    void configFile_isReadAsYaml_andRejectsUnknownKeys() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "memory: 1024\ncpus: 1\naccel: tcg\n");
        assertThat(ConfigFile.read(good)).containsEntry(SettingKey.MEMORY, "1024").containsEntry(SettingKey.ACCEL, "tcg");

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "memroy: 1024\n");
        assertThatThrownBy(() -> ConfigFile.read(typo)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("unknown key 'memroy'");
    }

    @Test
    void badValues_nameTheFlag() {
        Settings s = Settings.merge(layers(Map.of("QEMU_DRIVE", "/x.img"), Map.of(SettingKey.MEMORY, "abc"), Map.of()));
        assertThatThrownBy(() -> SpecResolver.resolve(InstanceName.of("a"), s)).hasMessageContaining("--memory 'abc'");
        Settings zeroCpus = Settings.merge(layers(Map.of("QEMU_DRIVE", "/x.img"), Map.of(SettingKey.CPUS, "0"), Map.of()));
        assertThatThrownBy(() -> SpecResolver.resolve(InstanceName.of("a"), zeroCpus)).hasMessageContaining("--cpus 0");
    }

    @Test
    void durations_andSizes() {
        assertThat(SizeParser.duration("t", "90s").toSeconds()).isEqualTo(90);
        assertThat(SizeParser.duration("t", "1h30m").toMinutes()).isEqualTo(90);
        assertThat(SizeParser.duration("t", "45").toSeconds()).isEqualTo(45);
        assertThatThrownBy(() -> SizeParser.duration("--timeout", "soon")).hasMessageContaining("--timeout 'soon'");
        assertThat(SizeParser.bytes("d", "2G")).isEqualTo(2L << 30);
        assertThat(SizeParser.mebibytes("m", "512M")).isEqualTo(512);
    }
}
