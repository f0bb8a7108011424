package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The README's exit-code and command tables say what the code does. */
class ReadmeMatchesCodeTest {
    private static final Pattern ROW = Pattern.compile("^\\|(.*)\\|\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    @Test
    void exitCodeTable_isExitCodesTable() throws IOException {
        List<ExitCodes.Meaning> documented = new ArrayList<>();
        for (List<String> cells : tableRows(section("### Exit codes"))) {
            if (cells.getFirst().matches("\\d+")) {
                documented.add(new ExitCodes.Meaning(Integer.parseInt(cells.get(0)), cells.get(1), cells.get(2)));
            }
        }
        assertThat(documented).isEqualTo(ExitCodes.TABLE);
    }

    @Test
    void rootHelp_printsTheSameTable() {
        InProcessCli.Run help = InProcessCli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes (every command):");
        String flat = help.out().replaceAll("\\s+", " ");
        for (ExitCodes.Meaning m : ExitCodes.TABLE) {
            assertThat(flat).contains(" " + m.code() + " " + m.name() + ": " + m.when());
        }
    }

    @Test
    void commandTable_namesEveryCommand_andOnlyOptionsTheyHave() throws IOException {
        CommandSpec root = HurdvmCommand.commandLine(io.hurdvm.env.HostEnvironment.ofProcess()).getCommandSpec();
        Set<String> visible = new TreeSet<>();
        root.subcommands().forEach((name, cmd) -> {
            if (!cmd.getCommandSpec().usageMessage().hidden()) {
                visible.add(cmd.getCommandName()); // not its aliases
            }
        });
        Set<String> documented = new TreeSet<>();
        for (List<String> cells : tableRows(section("## Commands"))) {
            Matcher span = CODE_SPAN.matcher(cells.getFirst());
            while (span.find()) {
                List<String> tokens = List.of(span.group(1).replace("\\|", "|").split("\\s+"));
                CommandLine cmd = root.subcommands().get(tokens.getFirst());
                if (cmd == null) {
                    if (tokens.getFirst().startsWith("-")) {
                        continue; // "(`--output json`)" belongs to the command before it
                    }
                    throw new AssertionError("README names command '" + tokens.getFirst() + "', which does not exist");
                }
                documented.add(tokens.getFirst());
                List<CommandSpec> targets = targets(cmd, tokens);
                for (String token : tokens) {
                    String option = token.replaceAll("[\\[\\]]", "").replaceAll("=.*", "");
                    if (option.matches("--?[a-z][a-z0-9-]*")) {
                        assertThat(targets.stream().anyMatch(t -> t.findOption(option) != null))
                                .as("README: '%s' has option %s", span.group(1), option).isTrue();
                    }
                }
            }
        }
        assertThat(documented).isEqualTo(visible);
    }

    /** {@code image pull|list} means those subcommands; a group without them means all of its subcommands. */
    private static List<CommandSpec> targets(CommandLine cmd, List<String> tokens) {
        if (cmd.getSubcommands().isEmpty()) {
            return List.of(cmd.getCommandSpec());
        }
        List<CommandSpec> subs = new ArrayList<>();
        if (tokens.size() > 1 && tokens.get(1).matches("[a-z-]+(\\|[a-z-]+)*")) {
            for (String sub : tokens.get(1).split("\\|")) {
                CommandLine s = cmd.getSubcommands().get(sub);
                assertThat(s).as("README: %s has subcommand %s", tokens.getFirst(), sub).isNotNull();
                subs.add(s.getCommandSpec());
            }
            return subs;
        }
        cmd.getSubcommands().values().forEach(s -> subs.add(s.getCommandSpec()));
        subs.add(cmd.getCommandSpec());
        return subs;
    }

    private static List<String> section(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf(heading);
        assertThat(start).as("README has a '%s' section", heading).isNotNegative();
        int level = heading.indexOf(' ');
        int end = start + 1;
        while (end < lines.size() && !(lines.get(end).startsWith("#") && lines.get(end).indexOf(' ') <= level)) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    /** Cells of the section's table rows, header and separator skipped; "\|" inside a cell is not a separator. */
    private static List<List<String>> tableRows(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            if (header) {
                header = false; // the header row
                continue;
            }
            if (line.matches("^\\|[-| ]+\\|$")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : m.group(1).split("(?<!\\\\)\\|")) {
                cells.add(c.strip());
            }
            rows.add(cells);
        }
        return rows;
    }
}
