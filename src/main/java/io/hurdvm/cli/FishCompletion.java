package io.hurdvm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script made from a command tree (picocli's AutoComplete makes bash/zsh only).
 * A helper function walks the words typed so far down the tree to the current (sub)command; each
 * {@code complete} line then applies only there: the subcommands, the options with their descriptions,
 * and the values of options that have a fixed set (enums).
 */
final class FishCompletion {
    private FishCompletion() {
    }

    static String script(CommandSpec root) {
        String cmd = root.name();
        String fn = "__fish_" + cmd.replaceAll("[^A-Za-z0-9_]", "_");
        StringBuilder s = new StringBuilder();
        s.append("# fish completion for ").append(cmd).append(", generated from its command model by '")
                .append(cmd).append(" completion fish'.\n");
        s.append("function ").append(fn).append("_path --description 'the ").append(cmd)
                .append(" (sub)command the words typed so far are in'\n");
        s.append("    set -l tokens (commandline -opc)\n");
        s.append("    set -e tokens[1]\n");
        s.append("    set -l path ").append(quote(cmd)).append('\n');
        s.append("    for token in $tokens\n");
        s.append("        switch \"$path $token\"\n");
        for (Map.Entry<String, List<String>> step : steps(root).entrySet()) {
            s.append("            case");
            step.getValue().forEach(word -> s.append(' ').append(quote(word)));
            s.append("\n                set path ").append(quote(step.getKey())).append('\n');
        }
        s.append("        end\n    end\n    echo $path\nend\n");
        s.append("function ").append(fn).append("_in --description 'true in the given ").append(cmd).append(" (sub)command'\n");
        s.append("    test (").append(fn).append("_path) = \"$argv[1]\"\nend\n");
        for (CommandSpec spec : CommandConventions.tree(root)) {
            String in = "-n " + quote(fn + "_in \"" + spec.qualifiedName() + "\"");
            List<String> subcommands = visibleSubcommands(spec);
            if (!subcommands.isEmpty()) {
                s.append("complete -c ").append(cmd).append(' ').append(in).append(" -f\n");
            }
            for (String name : subcommands) {
                CommandSpec sub = spec.subcommands().get(name).getCommandSpec();
                s.append("complete -c ").append(cmd).append(' ').append(in).append(" -a ").append(quote(name))
                        .append(" -d ").append(quote(firstLine(sub.usageMessage().description()))).append('\n');
            }
            if (spec.helpCommand() && spec.parent() != null) {
                // help's first word is one of its parent's commands (deeper words are not offered)
                int words = spec.qualifiedName().split(" ").length;
                String first = "-n " + quote(fn + "_in \"" + spec.qualifiedName() + "\"; and test (count (commandline -opc)) -eq " + words);
                s.append("complete -c ").append(cmd).append(' ').append(first).append(" -f -a ")
                        .append(quote(String.join(" ", visibleSubcommands(spec.parent())))).append('\n');
            }
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    s.append("complete -c ").append(cmd).append(' ').append(in).append(optionFlags(option)).append('\n');
                }
            }
        }
        return s.toString();
    }

    /** For each (sub)command's qualified name, the "parent word" pairs that lead to it (its name and aliases). */
    private static Map<String, List<String>> steps(CommandSpec root) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        for (CommandSpec spec : CommandConventions.tree(root)) {
            if (spec.parent() != null) {
                List<String> words = new ArrayList<>();
                words.add(spec.parent().qualifiedName() + " " + spec.name());
                for (String alias : spec.aliases()) {
                    words.add(spec.parent().qualifiedName() + " " + alias);
                }
                steps.put(spec.qualifiedName(), words);
            }
        }
        return steps;
    }

    private static List<String> visibleSubcommands(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(name);
            }
        });
        return names;
    }

    private static String optionFlags(OptionSpec option) {
        StringBuilder s = new StringBuilder();
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                s.append(" -l ").append(name.substring(2));
            } else if (name.length() == 2 && name.charAt(0) == '-') {
                s.append(" -s ").append(name.charAt(1));
            } else {
                s.append(" -o ").append(name.substring(1));
            }
        }
        if (option.arity().max() > 0) {
            List<String> values = new ArrayList<>();
            Iterable<String> candidates = option.completionCandidates();
            if (candidates != null) {
                // enum constants (SNAPSHOT) are accepted in any case; people type lower case
                candidates.forEach(v -> values.add(option.type().isEnum() ? v.toLowerCase(Locale.ROOT) : v));
            }
            if (!values.isEmpty()) {
                s.append(" -x -a ").append(quote(String.join(" ", values)));
            } else if (takesFiles(option)) {
                s.append(" -r -F");
            } else {
                s.append(" -x");
            }
        }
        return s.append(" -d ").append(quote(firstLine(option.description()))).toString();
    }

    private static boolean takesFiles(OptionSpec option) {
        Class<?> type = option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
        return Path.class.isAssignableFrom(type) || java.io.File.class.isAssignableFrom(type);
    }

    private static String firstLine(String[] description) {
        return description.length == 0 ? "" : description[0];
    }

    /** A fish single-quoted string: only backslash and single quote are special inside. */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
