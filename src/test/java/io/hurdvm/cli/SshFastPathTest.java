package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.guest.OpenSshCommand;
import io.hurdvm.guest.SshConfigBlock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshFastPathTest {
    private static final OpenSshCommand SSH = new OpenSshCommand(Path.of("/usr/bin/ssh"),
            new SshConfigBlock("demo", 2222, Path.of("/i/demo/secrets/id_ed25519"), Path.of("/i/demo/known_hosts")));

    @Test
    void fields_formatSupervisorAndStart_thenTheCommandsFrame_thenTheArgvBeforeTheCommand() {
        List<String> fields = SshFastPath.of(SSH, 4242, 987654).orElseThrow();
        assertThat(fields.subList(0, 3)).containsExactly(SshFastPath.FORMAT, "4242", "987654");
        assertThat(fields.subList(5, fields.size())).isEqualTo(SSH.argvBeforeCommand());
        assertThat(fields.get(5)).as("the client, which the launcher compares with ssh on its PATH").isEqualTo("/usr/bin/ssh");
        assertThat(fields.get(fields.size() - 1)).isEqualTo("hurdvm-demo");
    }

    /** What the launcher does with the user's words: joined by spaces, ' written as '\'' between the frame's two halves. */
    @Test
    void theLaunchersCommand_isExactlyTheOneTheJvmWouldRun() {
        List<String> fields = SshFastPath.of(SSH, 1, 2).orElseThrow();
        for (List<String> words : List.of(List.of("true"), List.of("echo", "it's"), List.of("printf '%s|' \"a'b\" $((6*7))"),
                List.of("a\\'b", "''", "$(id)", "`x`", "&", "\\"))) {
            String joined = String.join(" ", words);
            String launcher = fields.get(3) + joined.replace("'", "'\\''") + fields.get(4);
            List<String> jvm = SSH.argv(joined);
            assertThat(launcher).isEqualTo(jvm.get(jvm.size() - 1));
            assertThat(jvm.subList(0, jvm.size() - 1)).isEqualTo(fields.subList(5, fields.size()));
        }
    }
}
