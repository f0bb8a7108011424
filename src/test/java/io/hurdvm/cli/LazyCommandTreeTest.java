package io.hurdvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The tree made for one verb ({@link HurdvmCommand#commandLine(String...)}) describes that verb
 * exactly as the whole tree does: the same usage text for it and each of its subcommands (so the
 * same options, parameters, help option and examples), under the same qualified name.
 */
class LazyCommandTreeTest {
    private static final CommandLine FULL = HurdvmCommand.commandLine();

    @Test
    void eachVerb_alone_hasTheModelItHasInTheWholeTree() {
        List<String> checked = new ArrayList<>();
        FULL.getSubcommands().forEach((word, full) -> {
            CommandLine lazy = HurdvmCommand.commandLine(word, "--help");
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
        assertThat(checked).contains("hurdvm status", "hurdvm list", "hurdvm ssh", "hurdvm backup restore", "hurdvm image rm");
    }

    @Test
    void version_andUnknownWords_andNoWord() {
        assertThat(HurdvmCommand.commandLine("--version").getSubcommands()).isEmpty();
        assertThat(HurdvmCommand.commandLine("--version").getCommandSpec().findOption("--version")).isNotNull();
        assertThat(HurdvmCommand.commandLine("nosuchverb").getSubcommands()).hasSameSizeAs(FULL.getSubcommands());
        assertThat(HurdvmCommand.commandLine().getSubcommands()).hasSameSizeAs(FULL.getSubcommands());
        assertThat(HurdvmCommand.commandLine("--help").getSubcommands()).hasSameSizeAs(FULL.getSubcommands());
        assertThat(HurdvmCommand.commandLine("ls").getSubcommands()).containsKeys("list", "ls");
    }

    @Test
    void theTopCommand_keepsItsConventions_inTheTreeForOneVerb() {
        CommandSpec root = HurdvmCommand.commandLine("status", "vm").getCommandSpec();
        assertThat(root.name()).isEqualTo("hurdvm");
        assertThat(root.usageMessage().exitCodeList()).isEqualTo(FULL.getCommandSpec().usageMessage().exitCodeList());
        assertThat(root.subcommands().get("status").getCommandSpec().findOption("--help")).isNotNull();
    }

    private static CommandSpec find(CommandSpec root, String qualifiedName) {
        return CommandConventions.tree(root).stream().filter(s -> s.qualifiedName().equals(qualifiedName)).findFirst().orElse(null);
    }
}
