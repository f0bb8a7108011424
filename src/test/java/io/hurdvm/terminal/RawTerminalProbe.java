package io.hurdvm.terminal;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;

/**
 * Run by {@link RawTerminalTest} in a child JVM, on a pseudo-terminal made by {@code script}: prints the
 * terminal settings before, during and after {@link RawTerminal}, one {@code key=value} per line.
 * With argument {@code throw}, the attached section ends with an exception.
 */
public final class RawTerminalProbe {
    private RawTerminalProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("before=" + stty("-g"));
        try (RawTerminal terminal = RawTerminal.enter()) {
            System.out.println("raw=" + terminal.isRaw());
            System.out.println("during=" + stty("-a").replace('\n', ' '));
            if (args.length > 0 && args[0].equals("throw")) {
                throw new IllegalStateException("console failed");
            }
        } catch (IllegalStateException expected) {
            System.out.println("exception=" + expected.getMessage());
        }
        System.out.println("after=" + stty("-g"));
    }

    private static String stty(String arg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stty", arg).redirectInput(Redirect.INHERIT).redirectError(Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        return p.waitFor() == 0 ? out : "not-a-terminal";
    }
}
