package io.hurdvm.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli cannot parse: one line naming the problem and where help is, exit 2.
 * picocli's default prints the whole usage (dozens of lines) under the error, which buries the one
 * line that matters and scrolls the command the user typed out of sight.
 */
public final class UsageErrorReporter implements IParameterExceptionHandler {
    private final boolean debug;

    /** @param debug HURDVM_DEBUG=1: print the stack trace too */
    public UsageErrorReporter(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        if (debug) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println("hurdvm: " + describe(ex) + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    static String describe(ParameterException ex) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(spec, u);
        }
        List<String> unknownOptions = unknownOptions(ex.getCommandLine());
        if (!unknownOptions.isEmpty()) {
            // picocli reports the missing NAME first when NAME itself was taken for an option ("up -vm").
            return unknownOption(spec, unknownOptions.getFirst());
        }
        return sentence(ex.getMessage());
    }

    private static String unmatched(CommandSpec spec, UnmatchedArgumentException u) {
        String first = u.getUnmatched().getFirst();
        if (u.isUnknownOption() || first.startsWith("-")) {
            return unknownOption(spec, first);
        }
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            List<String> suggestions = u.getSuggestions();
            return "unknown command '" + printable(first) + "'"
                    + (suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.getFirst() + "'?)");
        }
        return "unexpected argument '" + printable(first) + "'";
    }

    private static String unknownOption(CommandSpec spec, String option) {
        boolean takesName = spec.positionalParameters().stream().map(PositionalParamSpec::paramLabel).anyMatch("NAME"::equals);
        return "unknown option '" + printable(option) + "'"
                + (takesName && !option.startsWith("--") ? " (instance names start with a letter or digit)" : "");
    }

    private static List<String> unknownOptions(CommandLine cmd) {
        return cmd.getUnmatchedArguments().stream().filter(a -> a.startsWith("-") && a.length() > 1).toList();
    }

    /** picocli's first line, as a clause: "Missing required parameter: 'NAME'" -> "missing required parameter: 'NAME'". */
    private static String sentence(String message) {
        String line = message == null ? "invalid command line" : message.lines().findFirst().orElse("invalid command line").strip();
        if (line.length() > 1 && Character.isUpperCase(line.charAt(0)) && Character.isLowerCase(line.charAt(1))) {
            line = line.substring(0, 1).toLowerCase(Locale.ROOT) + line.substring(1);
        }
        return printable(line);
    }

    /** Arguments are echoed: control characters in them must not reach the terminal. */
    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
