package io.hurdvm.guest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts the controlling terminal into raw mode for an interactive guest shell (so Ctrl-C, arrows and
 * tab completion reach the guest) and restores it on {@link #close()}. Uses {@code stty} on
 * {@code /dev/tty}, which the JDK cannot do itself.
 */
public final class RawTerminal implements AutoCloseable {
    private final String saved;

    private RawTerminal(String saved) {
        this.saved = saved;
    }

    /** True if there is a terminal to put into raw mode (not when input is a pipe or in CI). */
    public static boolean available() {
        return System.console() != null && new File("/dev/tty").canRead();
    }

    public static RawTerminal enter() {
        String saved = stty("-g").trim();
        stty("raw", "-echo");
        return new RawTerminal(saved);
    }

    /** {@code {columns, rows}} of the terminal, or 80x24 if it does not say. */
    public static int[] size() {
        String[] rowsCols = stty("size").trim().split("\\s+");
        try {
            int rows = Integer.parseInt(rowsCols[0]);
            int cols = Integer.parseInt(rowsCols[1]);
            return rows > 0 && cols > 0 ? new int[] {cols, rows} : new int[] {80, 24};
        } catch (RuntimeException e) {
            return new int[] {80, 24};
        }
    }

    @Override
    public void close() {
        stty(saved);
    }

    private static String stty(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("stty " + String.join(" ", args) + " did not finish within 5s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("stty " + String.join(" ", args) + " failed: is there a terminal?");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run stty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running stty", e);
        }
    }
}
