package io.hurdvm.qmp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a human-monitor command's text means. QMP's {@code human-monitor-command} succeeds whatever
 * HMP made of the command: an unknown command or bad arguments come back as ordinary output. QEMU's
 * HMP words its own errors in three recognisable ways, which are told apart here so that a script
 * running {@code hurdvm monitor} gets a non-zero exit for them. Other failure texts of individual
 * commands ("Device 'x' not found") are not recognisable as such and stay plain output.
 */
public record HmpReply(Verdict verdict, String text) {
    /** How a command fared. */
    public enum Verdict {
        /** Ordinary output (or none). */
        OK,
        /** HMP has no such command: "unknown command: 'info bogus'". */
        UNKNOWN_COMMAND,
        /** The arguments did not parse; HMP adds "Try \"help X\" for more information". */
        BAD_ARGUMENTS,
        /** The command ran and failed: "Error: ...". */
        ERROR
    }

    private static final Pattern UNKNOWN = Pattern.compile("^unknown command: '(.*)'$");
    private static final Pattern TRY_HELP = Pattern.compile("^Try \"help (\\S+)\" for more information$");

    public static HmpReply of(String output) {
        String text = output == null ? "" : output.replace("\r", "");
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return new HmpReply(Verdict.OK, text);
        }
        if (UNKNOWN.matcher(lines.getFirst()).matches()) {
            return new HmpReply(Verdict.UNKNOWN_COMMAND, text);
        }
        if (TRY_HELP.matcher(lines.getLast()).matches()) {
            return new HmpReply(Verdict.BAD_ARGUMENTS, text);
        }
        if (lines.getFirst().startsWith("Error: ")) {
            return new HmpReply(Verdict.ERROR, text);
        }
        return new HmpReply(Verdict.OK, text);
    }

    public boolean ok() {
        return verdict == Verdict.OK;
    }

    /** One line for the user, e.g. "unknown monitor command 'info bogus': see 'help'". */
    public String problem() {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return switch (verdict) {
            case OK -> "";
            case UNKNOWN_COMMAND -> {
                Matcher m = UNKNOWN.matcher(lines.getFirst());
                yield "unknown monitor command '" + (m.matches() ? m.group(1) : "?") + "': 'help' lists them";
            }
            case BAD_ARGUMENTS -> {
                Matcher m = TRY_HELP.matcher(lines.getLast());
                yield lines.getFirst() + (m.matches() ? " (see 'help " + m.group(1) + "')" : "");
            }
            case ERROR -> lines.getFirst().substring("Error: ".length());
        };
    }
}
