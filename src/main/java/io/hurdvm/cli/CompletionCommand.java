package io.hurdvm.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a completion script made from the command model, so it cannot miss a command or an option. */
@Command(name = "completion", description = {"Print a shell completion script for bash, zsh or fish.",
        "The script is generated from hurdvm's own commands and options; load it once per shell or install it"
                + " where your shell looks for completions."},
        footerHeading = "%nExamples:%n",
        footer = {"  source <(hurdvm completion bash)                        # this bash session",
                "  hurdvm completion bash > /etc/bash_completion.d/hurdvm   # every bash session",
                "  source <(hurdvm completion zsh)                         # zsh (uses bashcompinit)",
                "  hurdvm completion fish > ~/.config/fish/completions/hurdvm.fish"})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells a script is made for; zsh runs the bash script through its bashcompinit. */
    public enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        PrintWriter out = spec.commandLine().getOut();
        out.print(script(root, shell));
        out.flush();
        return ExitCodes.OK;
    }

    /** The completion script of {@code root}'s whole command tree for {@code shell}. */
    public static String script(CommandSpec root, Shell shell) {
        return switch (shell) {
            // picocli's script checks $ZSH_VERSION and loads bashcompinit itself.
            case bash, zsh -> AutoComplete.bash(root.name(), root.commandLine());
            case fish -> FishCompletion.script(root);
        };
    }
}
