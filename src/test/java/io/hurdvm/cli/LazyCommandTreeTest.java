package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import io.hurdvm.env.HostEnvironment;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The tree made for one verb ({@link HurdvmCommand#commandLine(String...)}) describes that verb
 * exactly as the whole tree does: the same usage text for it and each of its subcommands (so the
 * same options, parameters, help option and examples), under the same qualified name.
 */
class LazyCommandTreeTest {
    private static final HostEnvironment ENV = HostEnvironment.ofProcess();
    private static final CommandLine FULL = HurdvmCommand.commandLine(ENV);

    @Test
    void eachVerb_alone_hasTheModelItHasInTheWholeTree() {
        List<String> checked = new ArrayList<>();
        FULL.getSubcommands().forEach((word, full) -> {
            CommandLine lazy = HurdvmCommand.commandLine(ENV, word, "--help");
            if (full.getCommandSpec().helpCommand() || word.equals("completion")) {
                assertThat(lazy.getSubcommands()).as(word + " walks the whole tree").hasSameSizeAs(FULL.getSubcommands());
                return;
            }
            assertThat(lazy.getSubcommands()).as("the tree for '" + word + "'").hasSizeBetween(1, 2); // the verb and its alias
            for (CommandSpec spec : CommandConventions.tree(full.getCommandSpec())) {
                CommandSpec same = find(lazy.getCommandSpec(), spec.qualifiedName());
                assertThat(same).as(spec.qualifiedName()).isNotNull();
                assertThat(same.commandLine().getUsageMessage()).as(spec.qualifiedName()).isEqualTo(spec.commandLine().getUsageMessage());
                checked.add(spec.qualifiedName());
            }
        });
        assertThat(HurdvmCommand.environmentOf(HurdvmCommand.commandLine(ENV, "status", "vm").getSubcommands().get("status")
                .getCommandSpec())).as("a verb alone reaches the environment through its root").isSameAs(ENV);
        assertThat(checked).contains("hurdvm status", "hurdvm list", "hurdvm ssh", "hurdvm backup restore", "hurdvm image rm");
    }

    @Test
    void version_andUnknownWords_andNoWord() {
        assertThat(HurdvmCommand.commandLine(ENV, "--version").getSubcommands()).isEmpty();
        assertThat(HurdvmCommand.commandLine(ENV, "--version").getCommandSpec().findOption("--version")).isNotNull();
        assertThat(HurdvmCommand.commandLine(ENV, "nosuchverb").getSubcommands()).hasSameSizeAs(FULL.getSubcommands());
        assertThat(HurdvmCommand.commandLine(ENV).getSubcommands()).hasSameSizeAs(FULL.getSubcommands());
        assertThat(HurdvmCommand.commandLine(ENV, "--help").getSubcommands()).hasSameSizeAs(FULL.getSubcommands());
        assertThat(HurdvmCommand.commandLine(ENV, "ls").getSubcommands()).containsKeys("list", "ls");
    }

    @Test
    void theTopCommand_keepsItsConventions_inTheTreeForOneVerb() {
        CommandSpec root = HurdvmCommand.commandLine(ENV, "status", "vm").getCommandSpec();
        assertThat(root.name()).isEqualTo("hurdvm");
        assertThat(root.usageMessage().exitCodeList()).isEqualTo(FULL.getCommandSpec().usageMessage().exitCodeList());
        assertThat(root.subcommands().get("status").getCommandSpec().findOption("--help")).isNotNull();
    }

    private static CommandSpec find(CommandSpec root, String qualifiedName) {
        return CommandConventions.tree(root).stream().filter(s -> s.qualifiedName().equals(qualifiedName)).findFirst().orElse(null);
    }
}
