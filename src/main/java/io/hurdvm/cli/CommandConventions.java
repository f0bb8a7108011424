package io.hurdvm.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every command of the tree gets without repeating it in each annotation: {@code -h/--help}
 * (but {@code --version} on the top command only) and the exit-code list on the top command.
 *
 * <p>A model transformer rather than code in {@code main}: picocli applies it whenever the command tree
 * is built from {@link HurdvmRoot}, so the man-page generator run by the build and the completion
 * scripts see the same model as {@code --help}.
 */
public final class CommandConventions implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec root) {
        if (root.parent() == null && root.userObject() instanceof HurdvmRoot) {
            // Built from ExitCodes so that --help cannot drift from the codes the commands return.
            root.usageMessage().exitCodeListHeading("%nExit codes (every command):%n").exitCodeList(ExitCodes.usageList());
        }
        for (CommandSpec spec : tree(root)) {
            addHelpOption(spec);
        }
        return root;
    }

    /** {@code spec} and all its subcommands, depth first, each once (aliases share a spec). */
    public static List<CommandSpec> tree(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>();
        collect(spec, all);
        return all;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> all) {
        if (all.contains(spec)) {
            return;
        }
        all.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), all);
        }
    }

    private static void addHelpOption(CommandSpec spec) {
        boolean hasHelp = spec.options().stream().anyMatch(OptionSpec::usageHelp);
        if (!hasHelp && spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
    }
}
