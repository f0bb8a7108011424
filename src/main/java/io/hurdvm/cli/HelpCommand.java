package io.hurdvm.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code hurdvm help [COMMAND [SUBCOMMAND]]}: picocli's HelpCommand, but it follows a path of
 * subcommands ({@code help image rm}) where picocli's takes one word and ignores the rest.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of hurdvm or of one of its commands.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm help", "  hurdvm help up", "  hurdvm help image rm"})
public final class HelpCommand implements IHelpCommandInitializable2, Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to show the help of.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine target = self.getParent();
        for (String word : path) {
            CommandLine next = target.getSubcommands().get(word);
            if (next == null) {
                throw new ParameterException(self, "unknown command '" + target.getCommandSpec().qualifiedName() + " " + word + "'");
            }
            target = next;
        }
        target.usage(out, colors);
        return target.getCommandSpec().exitCodeOnUsageHelp();
    }
}
