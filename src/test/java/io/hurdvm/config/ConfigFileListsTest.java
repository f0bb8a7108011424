package io.hurdvm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.ProvisionScript;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two lists of a settings file: forwards and provision scripts. */
class ConfigFileListsTest {
    @TempDir Path dir;

    private Path yaml(String text) throws Exception {
        return Files.writeString(dir.resolve("vm.yaml"), text);
    }

    @Test
    void forwards_asAList_becomeTheOneSetting() throws Exception {
        var c = ConfigFile.load(yaml("memory: 512\nforwards:\n  - 8080:80\n  - 0.0.0.0:5353:53/udp\n"));
        assertThat(c.settings()).containsEntry(SettingKey.FORWARDS, "8080:80,0.0.0.0:5353:53/udp").containsEntry(SettingKey.MEMORY, "512");
        assertThat(c.provision()).isEmpty();
        assertThat(ConfigFile.load(yaml("forwards: []\n")).settings()).containsEntry(SettingKey.FORWARDS, "none");
    }

    @Test
    void provision_inlineAndFiles_inOrder_filesRelativeToTheYamlFolder() throws Exception {
        Files.createDirectory(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts").resolve("setup.sh"), "echo from file\n");
        var c = ConfigFile.load(yaml("provision:\n  - run: |\n      echo one\n      echo two\n  - file: scripts/setup.sh\n"));
        assertThat(c.provision()).get().asList().containsExactly(new ProvisionScript("inline #1", "echo one\necho two\n"),
                new ProvisionScript("setup.sh", "echo from file\n"));
    }

    @Test
    void aProvisionItemThatIsNeitherRunNorFile_isNamed() throws Exception {
        assertThatThrownBy(() -> ConfigFile.load(yaml("provision:\n  - shell: id\n"))).isInstanceOf(InvalidSpecException.class)
                .hasMessageEndingWith("provision item 1 must be either 'run: SCRIPT' or 'file: PATH'");
        assertThatThrownBy(() -> ConfigFile.load(yaml("provision: id\n"))).hasMessageContaining("'provision' must be a list");
        assertThatThrownBy(() -> ConfigFile.load(yaml("provision:\n  - file: missing.sh\n")))
                .hasMessage("provision script " + dir.resolve("missing.sh") + " does not exist: check --provision");
    }

    @Test
    void aForwardItemWithAComma_isRefused() throws Exception {
        assertThatThrownBy(() -> ConfigFile.load(yaml("forwards:\n  - 8080:80,9090:90\n")))
                .hasMessageContaining("each item of 'forwards' must be one value");
    }

    @Test
    void aScriptThatIsNotText_isRefused() throws Exception {
        Path bin = Files.write(dir.resolve("bin.sh"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertThatThrownBy(() -> ProvisionScripts.read(bin)).hasMessage("provision script " + bin + " is not UTF-8 text: give a shell script");
        Path empty = Files.writeString(dir.resolve("empty.sh"), "  \n");
        assertThatThrownBy(() -> ProvisionScripts.read(empty)).hasMessage("provision script empty.sh is empty");
    }
}
