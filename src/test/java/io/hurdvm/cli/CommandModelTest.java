package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks over the whole command tree, so that a new command or option cannot go without help: every
 * command and option is described, in lines that end where a sentence ends (picocli shows a command's
 * first line alone in lists, and prints each line as it is), every command shows an example of itself,
 * {@code --version} is the top command's only, and {@code --output} means the same everywhere.
 */
class CommandModelTest {
    /** A line ends a sentence or a clause that stands alone; a line ending in "," or a word was cut. */
    private static final Pattern ENDS_SENTENCE = Pattern.compile(".*[.:!?)'\"]$");

    private static final CommandSpec ROOT = HurdvmCommand.commandLine(io.hurdvm.env.HostEnvironment.ofProcess()).getCommandSpec();
    private static final List<CommandSpec> ALL = CommandConventions.tree(ROOT);

    @Test
    void theTreeHoldsEveryCommand() {
        assertThat(ALL).extracting(CommandSpec::qualifiedName)
                .contains("hurdvm", "hurdvm up", "hurdvm image rm", "hurdvm snapshot create", "hurdvm backup restore",
                        "hurdvm schedule add", "hurdvm secret show", "hurdvm completion", "hurdvm help")
                .hasSizeGreaterThan(35);
    }

    @Test
    void everyCommand_hasADescription_whoseFirstLineIsASentence() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : ALL) {
            String[] d = spec.usageMessage().description();
            if (d.length == 0 || d[0].isBlank() || !ENDS_SENTENCE.matcher(d[0].strip()).matches()) {
                bad.add(spec.qualifiedName() + ": " + Arrays.toString(d));
            }
        }
        assertThat(bad).as("commands without a one-sentence first description line").isEmpty();
    }

    @Test
    void noDescriptionLine_isCutOff() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : ALL) {
            lines(spec.qualifiedName(), spec.usageMessage().description(), bad);
            for (ArgSpec arg : spec.args()) {
                lines(spec.qualifiedName() + " " + label(arg), arg.description(), bad);
            }
        }
        assertThat(bad).as("description lines that end mid-sentence").isEmpty();
    }

    @Test
    void everyOptionAndParameter_hasADescription() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : ALL) {
            for (ArgSpec arg : spec.args()) {
                if (!arg.hidden() && (arg.description().length == 0 || String.join("", arg.description()).isBlank())) {
                    bad.add(spec.qualifiedName() + " " + label(arg));
                }
            }
        }
        assertThat(bad).as("options and parameters without a description").isEmpty();
    }

    @Test
    void everyCommand_showsAnExampleOfItself() {
        List<String> bad = new ArrayList<>();
        for (CommandSpec spec : ALL) {
            String prefix = "  " + spec.qualifiedName();
            boolean example = Arrays.stream(spec.usageMessage().footer()).anyMatch(l -> l.equals(prefix) || l.startsWith(prefix + " "));
            if (!example || !spec.usageMessage().footerHeading().contains("Examples")) {
                bad.add(spec.qualifiedName());
            }
        }
        assertThat(bad).as("commands without an 'Examples:' footer line starting with their own name").isEmpty();
    }

    @Test
    void version_isOnTheTopCommandOnly_helpOnEvery() {
        assertThat(ROOT.findOption("--version")).isNotNull();
        for (CommandSpec spec : ALL) {
            assertThat(spec.options().stream().anyMatch(OptionSpec::usageHelp)).as(spec.qualifiedName() + " --help").isTrue();
            if (spec != ROOT) {
                assertThat(spec.options().stream().anyMatch(OptionSpec::versionHelp)).as(spec.qualifiedName() + " --version").isFalse();
            }
        }
    }

    @Test
    void everyOutputOption_offersTextJsonAndYaml_asDashO() {
        int offered = 0;
        for (CommandSpec spec : ALL) {
            OptionSpec output = spec.findOption("--output");
            if (output != null) {
                offered++;
                List<String> kinds = new ArrayList<>();
                output.completionCandidates().forEach(kinds::add);
                assertThat(kinds).as(spec.qualifiedName()).containsExactly("text", "json", "yaml");
                assertThat(output.names()).as(spec.qualifiedName()).contains("-o");
            }
        }
        assertThat(offered).isGreaterThanOrEqualTo(10);
    }

    private static void lines(String where, String[] description, List<String> bad) {
        for (String line : description) {
            if (!line.isBlank() && !ENDS_SENTENCE.matcher(line.strip()).matches()) {
                bad.add(where + ": \"" + line + "\"");
            }
        }
    }

    private static String label(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }
}
