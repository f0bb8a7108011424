package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The completion scripts, loaded by the real shells: bash runs picocli's completion function as its
 * completion machinery would (COMP_WORDS/COMP_CWORD), fish answers {@code complete -C}, and an
 * interactive zsh in tmux completes a line on a real Tab key press. Needs bash, fish, zsh and tmux
 * (scripts/install-deps).
 */
class CompletionTest {
    private static final Duration SHELL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir Path dir;

    @Test
    void bash_completesSnToSnapshot() throws Exception {
        assertThat(bashComplete("hurdvm", "sn")).containsExactly("snapshot");
    }

    @Test
    void bash_completesSubcommandsAndTheValuesOfOutput() throws Exception {
        assertThat(bashComplete("hurdvm", "image", "r")).containsExactly("rm");
        assertThat(bashComplete("hurdvm", "list", "--output", "")).containsExactlyInAnyOrder("text", "json", "yaml");
        assertThat(bashComplete("hurdvm", "up", "--pro")).containsExactlyInAnyOrder("--profile", "--provision");
    }

    @Test
    void bash_offersEveryCommandOfTheModel() throws Exception {
        CommandSpec root = HurdvmCommand.commandLine(io.hurdvm.env.HostEnvironment.ofProcess()).getCommandSpec();
        assertThat(bashComplete("hurdvm", "")).containsExactlyInAnyOrderElementsOf(root.subcommands().keySet());
    }

    @Test
    void fish_completesCommandsOptionsAndValues() throws Exception {
        Path script = script("fish");
        assertThat(fishComplete(script, "hurdvm sn")).containsExactly("snapshot");
        assertThat(fishComplete(script, "hurdvm image ")).containsExactlyInAnyOrder("pull", "list", "ls", "inspect", "rm");
        assertThat(fishComplete(script, "hurdvm image rm --")).containsExactlyInAnyOrder("--help", "--output");
        assertThat(fishComplete(script, "hurdvm ls -o ")).containsExactlyInAnyOrder("text", "json", "yaml");
        assertThat(fishComplete(script, "hurdvm schedule add vm --kind ")).containsExactlyInAnyOrder("snapshot", "backup", "drill");
        assertThat(fishComplete(script, "hurdvm help ima")).containsExactly("image");
    }

    @Test
    void fish_describesEachCommandWithItsFirstLine() throws Exception {
        List<String> lines = run(List.of("fish", "--no-config", "-c", "source " + script("fish") + "; complete -C'hurdvm do'"));
        assertThat(lines).containsExactly("down\tStop an instance within --timeout, asking the guest first.");
    }

    @Test
    void zsh_completesSnToSnapshot_onATabKeyPress() throws Exception {
        Path script = script("zsh");
        String socket = "hurdvm-completion-" + ProcessHandle.current().pid();
        List<String> tmux = List.of("tmux", "-L", socket, "-f", "/dev/null");
        try {
            run(concat(tmux, "new-session", "-d", "-s", "t", "-x", "200", "-y", "20", "zsh -f"));
            run(concat(tmux, "send-keys", "-t", "t", "PS1='%% '; autoload -U compinit && compinit -u; source " + script
                    + "; print loaded-ok", "Enter"));
            awaitScreen(tmux, "loaded-ok\n");
            run(concat(tmux, "send-keys", "-t", "t", "hurdvm sn", "Tab"));
            assertThat(awaitScreen(tmux, "hurdvm snapshot")).contains("% hurdvm snapshot");
        } finally {
            new ProcessBuilder(concat(tmux, "kill-server")).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What the bash completion function of {@code completion bash} offers for the words, the last being completed. */
    private List<String> bashComplete(String... words) throws Exception {
        Path script = script("bash");
        String line = String.join(" ", words);
        String array = String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String program = "source " + script + "\n"
                + "COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_hurdvm 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return run(List.of("bash", "--norc", "--noprofile", "-c", program)).stream().filter(s -> !s.isBlank()).toList();
    }

    /** The candidates (first column) fish offers for {@code line}. */
    private static List<String> fishComplete(Path script, String line) throws Exception {
        return run(List.of("fish", "--no-config", "-c", "source " + script + "; complete -C'" + line + "'")).stream()
                .map(l -> l.split("\t")[0]).toList();
    }

    private Path script(String shell) throws IOException {
        InProcessCli.Run r = InProcessCli.run("completion", shell);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path file = dir.resolve("hurdvm." + shell);
        Files.writeString(file, r.out());
        return file;
    }

    private static String awaitScreen(List<String> tmux, String expected) throws Exception {
        Instant deadline = Instant.now().plus(SHELL_TIMEOUT);
        String screen = "";
        while (Instant.now().isBefore(deadline)) {
            screen = String.join("\n", run(concat(tmux, "capture-pane", "-p", "-t", "t"))) + "\n";
            if (screen.contains(expected)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("zsh did not show '" + expected.strip() + "' within " + SHELL_TIMEOUT + "; screen:\n" + screen);
    }

    private static List<String> run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(SHELL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.getFirst() + " did not finish within " + SHELL_TIMEOUT);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s exited: %s", command, text).isZero();
        return text.lines().toList();
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
