package io.hurdvm.cli;

import picocli.CommandLine.Command;

/** Which of the top command's verbs a word names, read from the annotations (the one list of verbs). */
final class LazyVerbs {
    private LazyVerbs() {
    }

    /**
     * The class of {@code top}'s subcommand named (or aliased) {@code word}, or null when none is, or
     * when the verb needs the whole tree: the help command and {@code completion} walk it.
     */
    static Class<?> find(Class<?> top, String word) {
        if (word.isEmpty() || word.startsWith("-")) {
            return null;
        }
        for (Class<?> verb : top.getAnnotation(Command.class).subcommands()) {
            Command c = verb.getAnnotation(Command.class);
            if (c.helpCommand() || verb == CompletionCommand.class) {
                continue;
            }
            if (c.name().equals(word) || java.util.Arrays.asList(c.aliases()).contains(word)) {
                return verb;
            }
        }
        return null;
    }
}
