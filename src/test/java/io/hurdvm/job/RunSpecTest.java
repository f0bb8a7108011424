package io.hurdvm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSpecTest {
    @TempDir
    Path dir;

    @Test
    void sync_defaultsToTheDocumentedGuestFolder_andTakesAGuestFolderAfterAColon() {
        assertThat(RunSpec.Sync.parse(dir.toString())).isEqualTo(new RunSpec.Sync(dir, RunSpec.DEFAULT_GUEST_DIR));
        assertThat(RunSpec.Sync.parse(dir + ":/src/app").guestDir()).isEqualTo("/src/app");
        assertThatThrownBy(() -> RunSpec.Sync.parse(dir.resolve("missing").toString())).hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> RunSpec.Sync.parse(dir + ":relative")).hasMessageContaining("is not a folder");
    }

    @Test
    void copyBack_isGuestPathThenHostFolder() {
        RunSpec.CopyBack c = RunSpec.CopyBack.parse("/root/work/out:" + dir);
        assertThat(c).isEqualTo(new RunSpec.CopyBack("/root/work/out", dir));
        assertThatThrownBy(() -> RunSpec.CopyBack.parse("out:" + dir)).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> RunSpec.CopyBack.parse("/root/out")).hasMessageContaining("GUESTPATH:HOSTDIR");
    }

    @Test
    void exactlyOneOfTemplateAndImage_andACommand_areNeeded() {
        assertThatThrownBy(() -> new RunSpec(Optional.of("t"), Optional.of("i"), Optional.empty(), List.of(), Map.of(),
                Duration.ZERO, false, List.of("true"))).hasMessageContaining("exactly one of --template");
        assertThatThrownBy(() -> new RunSpec(Optional.of("t"), Optional.empty(), Optional.empty(), List.of(), Map.of(),
                Duration.ZERO, false, List.of())).hasMessageContaining("no command");
    }

    @Test
    void theCommandLine_readsAndDeletesTheVariablesFile_beforeTheCommand_andValuesAreQuoted() {
        assertThat(GuestCommands.commandLine("/root/work", "/tmp/.env", List.of("make", "check")))
                .isEqualTo("cd '/root/work' && . '/tmp/.env' && rm -f '/tmp/.env' && make check");
        assertThat(GuestCommands.exports(Map.of("TOKEN", "a'b $c"))).isEqualTo("export TOKEN='a'\\''b $c'\n");
        assertThatThrownBy(() -> GuestCommands.exports(Map.of("A;B", "x"))).hasMessageContaining("not a variable name");
    }
}
