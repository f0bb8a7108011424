package io.hurdvm.console;

import io.hurdvm.console.TerminalParser.Sequence;
import java.util.Set;

/**
 * Escape sequences that make a terminal answer: the answer arrives as if typed. Replayed to a user who
 * attaches to a console at a {@code login:} prompt, the answers ({@code ESC[24;80R}, {@code ESC[?6c}...)
 * become the user name the first Enter submits. xterm's control sequence list (ctlseqs) is the source.
 */
public final class TerminalQueries {
    /** XTWINOPS operations that report (sizes, positions, titles); the others act on the window. */
    private static final Set<String> WINDOW_REPORTS = Set.of("11", "13", "14", "15", "16", "18", "19", "20", "21");

    private TerminalQueries() {
    }

    public static boolean isQuery(Sequence s) {
        return switch (s.kind()) {
            case ESC -> s.finalByte() == 'Z' && s.intermediates().isEmpty(); // DECID
            case CSI -> isCsiQuery(s);
            case OSC -> isOscQuery(s.body());
            case DCS -> isDcsQuery(s.body());
            // Kitty graphics (APC G) answers; PM and SOS do nothing useful on a console. None is text.
            case SOS, PM, APC -> true;
        };
    }

    private static boolean isCsiQuery(Sequence s) {
        String p = s.parameters();
        String i = s.intermediates();
        char prefix = p.isEmpty() ? 0 : p.charAt(0);
        return switch (s.finalByte()) {
            case 'n' -> i.isEmpty() && (prefix == 0 || Character.isDigit(prefix) || prefix == '?'); // DSR 5n, 6n, ?6n, ?996n...
            case 'c' -> i.isEmpty(); // DA1 c/0c, DA2 >c, DA3 =c
            case 'x' -> i.isEmpty(); // DECREQTPARM
            case 't' -> i.isEmpty() && WINDOW_REPORTS.contains(p.split(";", -1)[0]); // XTWINOPS reports, e.g. 18t
            case 'p' -> i.equals("$"); // DECRQM: CSI Ps $ p, CSI ? Ps $ p
            case 'q' -> prefix == '>' && i.isEmpty(); // XTVERSION
            case 'u' -> (prefix == '?' && i.isEmpty()) || i.equals("$"); // kitty keyboard flags; DECRQTSR
            case 'w' -> i.equals("$"); // DECRQPSR
            case 'y' -> i.equals("*"); // DECRQCRA: checksum of an area
            case 'm' -> prefix == '?' && i.isEmpty(); // XTQMODKEYS
            case 'S' -> prefix == '?' && i.isEmpty(); // XTSMGRAPHICS
            default -> false;
        };
    }

    /** OSC 10;? (colours), 4;1;? (palette), 52;c;? (clipboard!), iTerm2's Report*: any "?" field asks. */
    private static boolean isOscQuery(String body) {
        for (String field : body.split(";", -1)) {
            if (field.equals("?")) {
                return true;
            }
        }
        return body.startsWith("1337;Report");
    }

    /** DECRQSS (DCS $ q), XTGETTCAP (DCS + q), and tmux's passthrough, which may carry any query. */
    private static boolean isDcsQuery(String body) {
        String afterParams = body.replaceFirst("^[0-9;]*", "");
        return afterParams.startsWith("$q") || afterParams.startsWith("+q") || body.startsWith("tmux;");
    }

    /** ENQ makes a terminal send its answerback message. */
    public static boolean isAnsweringControl(int codePoint) {
        return codePoint == 0x05;
    }
}
