package io.hurdvm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.InvalidSpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A settings file must be a small, regular, readable YAML mapping; anything else is named for what it is. */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void devNull_isNotARegularFile() {
        assertThatThrownBy(() -> ConfigFile.read(Path.of("/dev/null"))).isInstanceOf(InvalidSpecException.class)
                .hasMessage("config file /dev/null is not a regular file (a device, pipe or socket): give a YAML file to --config");
    }

    @Test
    void aDirectory_isSaidToBeOne() {
        assertThatThrownBy(() -> ConfigFile.read(dir)).hasMessage("config file " + dir + " is a directory: give a YAML file to --config");
    }

    @Test
    void aMissingFile_doesNotExist() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigFile.read(missing)).hasMessage("config file " + missing + " does not exist: check --config");
    }

    @Test
    void aFifo_isNotRead() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ConfigFile.read(fifo)).hasMessageContaining("is not a regular file");
    }

    @Test
    void aHugeFile_isRefusedBeforeParsing() throws Exception {
        Path big = Files.writeString(dir.resolve("big.yaml"), "# x\n".repeat(20_000));
        assertThatThrownBy(() -> ConfigFile.read(big)).hasMessageContaining("is larger than 64 KiB");
    }

    @Test
    void anEmptyFile_setsNothing() throws Exception {
        assertThat(ConfigFile.read(Files.writeString(dir.resolve("empty.yaml"), ""))).isEmpty();
    }

    @Test
    void invalidYaml_isOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "memory: [1,\n  2\ncpus: : :\n");
        assertThatThrownBy(() -> ConfigFile.read(bad)).hasMessageStartingWith("config file " + bad + " is not valid YAML: ")
                .hasMessageNotContaining("\n");
    }
}
