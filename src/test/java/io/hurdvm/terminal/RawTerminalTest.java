package io.hurdvm.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RawTerminal on a real pseudo-terminal: {@code script} runs {@link RawTerminalProbe} in a child JVM
 * whose standard input is a pty, and the probe reports what {@code stty} says.
 */
class RawTerminalTest {
    @Test
    void enter_switchesTheTerminalToRawNoEchoAndCloseRestoresIt() throws Exception {
        Map<String, String> report = runOnPty("normal");

        assertThat(report.get("raw")).isEqualTo("true");
        assertThat(report.get("during")).contains("-icanon", "-isig", "-echo ");
        assertThat(report.get("before")).isNotEqualTo("not-a-terminal");
        assertThat(report.get("after")).isEqualTo(report.get("before"));
    }

    @Test
    void anExceptionWhileAttached_stillRestoresTheTerminal() throws Exception {
        Map<String, String> report = runOnPty("throw");

        assertThat(report.get("exception")).isEqualTo("console failed");
        assertThat(report.get("after")).isEqualTo(report.get("before"));
    }

    @Test
    void pipedInput_leavesTheTerminalAloneAndDoesNothing() throws Exception {
        Process p = new ProcessBuilder(javaCommand("normal")).redirectErrorStream(true).start();
        p.getOutputStream().close();
        Map<String, String> report = parse(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(report.get("raw")).isEqualTo("false");
        assertThat(report.get("before")).isEqualTo("not-a-terminal");
    }

    private static Map<String, String> runOnPty(String mode) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux 'script' not installed (apt-get install bsdutils)");
        String command = String.join(" ", javaCommand(mode).stream().map(RawTerminalTest::shellQuote).toList());
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("probe output: %s", output).isZero();
        return parse(output);
    }

    private static List<String> javaCommand(String mode) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-cp", System.getProperty("java.class.path"), RawTerminalProbe.class.getName(), mode);
    }

    /** key=value lines; in raw mode lines end with a bare LF, outside with CR LF. */
    private static Map<String, String> parse(String output) {
        Map<String, String> report = new HashMap<>();
        for (String line : output.split("\n")) {
            String clean = line.replace("\r", "");
            int eq = clean.indexOf('=');
            if (eq > 0 && clean.substring(0, eq).matches("[a-z]+")) {
                report.put(clean.substring(0, eq), clean.substring(eq + 1));
            }
        }
        return report;
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
