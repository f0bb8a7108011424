package io.hurdvm.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Everything that crossed a console, with every registered secret replaced by {@link #MASK} — in what
 * was sent and in what came back (a guest may echo a password). Received text arrives in arbitrary
 * chunks, so a secret split across two chunks is caught too: a tail that could be the start of a
 * secret is held back until the next chunk decides. Thread-safe.
 *
 * <p>Two views: {@link #consoleText()} is what the guest printed (what a person on the console saw);
 * {@link #dialogue()} interleaves what was sent as {@code {sent: ...}}.
 */
public final class Transcript {
    public static final String MASK = "******";
    /** Keeps memory bounded on a chatty console; the oldest half is dropped beyond this. */
    private static final int MAX_CHARS = 1 << 20;

    private final List<String> secrets = new ArrayList<>();
    private final StringBuilder console = new StringBuilder();
    private final StringBuilder dialogue = new StringBuilder();
    /** Raw received text that may be the beginning of a secret; never shown unmasked. */
    private String heldBack = "";

    /** Masks {@code secret} from now on, and in anything already recorded. */
    public synchronized void addSecret(String secret) {
        if (secret == null || secret.isEmpty() || secrets.contains(secret)) {
            return;
        }
        secrets.add(secret);
        // Longest first, so a secret containing another one is masked whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        replaceAll(console, secret);
        replaceAll(dialogue, secret);
    }

    public synchronized void received(String chunk) {
        String raw = heldBack + chunk;
        int[] cut = new int[1];
        String masked = mask(raw, cut);
        heldBack = raw.substring(cut[0]);
        append(console, masked);
        append(dialogue, masked);
    }

    public synchronized void sent(String text) {
        append(dialogue, "{sent: " + escape(mask(text, null)) + "}");
    }

    /** Records that a secret was sent, without its value. */
    public synchronized void sentSecret() {
        append(dialogue, "{sent: " + MASK + "}");
    }

    public synchronized String consoleText() {
        return console + (heldBack.isEmpty() ? "" : MASK);
    }

    public synchronized String dialogue() {
        return dialogue + (heldBack.isEmpty() ? "" : MASK);
    }

    /** The last {@code n} lines of {@link #consoleText()}, without carriage returns or a trailing empty line. */
    public List<String> lastLines(int n) {
        List<String> lines = new ArrayList<>(Arrays.asList(consoleText().replace("\r", "").split("\n", -1)));
        while (!lines.isEmpty() && lines.getLast().isBlank()) {
            lines.removeLast();
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    @Override
    public String toString() {
        return dialogue();
    }

    /**
     * Replaces complete secrets in {@code raw}. If {@code cut} is given, stops at the first position
     * from which the rest of {@code raw} could still grow into a secret and reports it in {@code cut[0]}.
     */
    private String mask(String raw, int[] cut) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        outer:
        while (i < raw.length()) {
            for (String s : secrets) {
                if (raw.startsWith(s, i)) {
                    out.append(MASK);
                    i += s.length();
                    continue outer;
                }
            }
            if (cut != null && couldStartSecret(raw, i)) {
                break;
            }
            out.append(raw.charAt(i++));
        }
        if (cut != null) {
            cut[0] = i;
        }
        return out.toString();
    }

    private boolean couldStartSecret(String raw, int from) {
        int rest = raw.length() - from;
        for (String s : secrets) {
            if (rest < s.length() && s.regionMatches(0, raw, from, rest)) {
                return true;
            }
        }
        return false;
    }

    private static void replaceAll(StringBuilder sb, String secret) {
        for (int at = sb.indexOf(secret); at >= 0; at = sb.indexOf(secret, at + MASK.length())) {
            sb.replace(at, at + secret.length(), MASK);
        }
    }

    private static void append(StringBuilder sb, String text) {
        sb.append(text);
        if (sb.length() > MAX_CHARS) {
            sb.delete(0, sb.length() - MAX_CHARS / 2);
        }
    }

    private static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
