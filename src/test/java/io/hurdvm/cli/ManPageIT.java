package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages {@code mvn package} generated from the command model (target/man/man1), rendered by
 * the real man (man-db and groff). An IT because it reads what the package phase made.
 */
class ManPageIT {
    private static final Path MAN1 = Path.of("target", "man", "man1");
    private static final CommandSpec ROOT = HurdvmCommand.commandLine(io.hurdvm.env.HostEnvironment.ofProcess()).getCommandSpec();

    @Test
    void everyCommandOfTheModel_hasAPage() {
        List<String> missing = new ArrayList<>();
        for (CommandSpec spec : CommandConventions.tree(ROOT)) {
            Path page = MAN1.resolve(spec.qualifiedName("-") + ".1");
            if (!Files.isRegularFile(page)) {
                missing.add(page.toString());
            }
        }
        assertThat(missing).as("man pages not generated (mvn package makes them)").isEmpty();
    }

    @Test
    void upsPage_rendersWithManL_withEveryOptionAndAnExample() throws Exception {
        Rendered up = man(MAN1.resolve("hurdvm-up.1"));
        assertThat(up.exitCode()).as(up.errors()).isZero();
        assertThat(up.errors()).as("groff/man warnings").isBlank();
        assertThat(up.text()).contains("HURDVM-UP(1)").contains("NAME")
                .contains("hurdvm-up - Create (first time) and boot an instance, and wait until it is ready.")
                .contains("SYNOPSIS").contains("OPTIONS").contains("EXAMPLES").contains("hurdvm up vm --image debian-hurd-amd64");
        for (OptionSpec option : ROOT.subcommands().get("up").getCommandSpec().options()) {
            assertThat(up.text()).as("up's page shows %s", option.longestName()).contains(option.longestName());
        }
    }

    @Test
    void topPage_listsTheCommandsAndTheExitCodes() throws Exception {
        Rendered top = man(MAN1.resolve("hurdvm.1"));
        assertThat(top.exitCode()).as(top.errors()).isZero();
        assertThat(top.text()).contains("COMMANDS").contains("completion").contains("snapshot")
                .contains("EXIT CODES").contains("unhealthy: 'health' found an instance not ready");
    }

    record Rendered(int exitCode, String text, String errors) {
    }

    private static Rendered man(Path page) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("man", "--warnings", "-l", page.toString());
        pb.environment().put("MANWIDTH", "200");
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("LC_ALL", "C.UTF-8");
        Path err = Files.createTempFile("man-err", ".txt");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("man finished").isTrue();
            // man formats for a terminal: bold and underline as "x\bx" and "_\bx"; keep the letters.
            String text = new String(out, StandardCharsets.UTF_8).replaceAll(".\b", "");
            return new Rendered(p.exitValue(), text, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
