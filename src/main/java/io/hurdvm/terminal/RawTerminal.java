package io.hurdvm.terminal;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the terminal on standard input into raw mode ({@code stty raw -echo}) so every key, Ctrl-C
 * included, goes to the guest unchanged, and restores the saved settings on {@link #close()} or, if
 * the JVM is stopped by a signal meanwhile, from a shutdown hook.
 *
 * <p>{@code stty} runs with the JVM's own standard input rather than {@code /dev/tty}: when input is a
 * pipe, {@code stty -g} fails and the terminal is left alone, instead of switching a terminal that
 * this program does not read from.
 */
public final class RawTerminal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawTerminal.class);
    private static final long STTY_TIMEOUT_SECONDS = 5;

    /** Settings as printed by {@code stty -g}; null when standard input is not a terminal. */
    private final String saved;
    private final Thread restoreOnExit;
    private boolean restored;

    private RawTerminal(String saved) {
        this.saved = saved;
        this.restoreOnExit = saved == null ? null : new Thread(this::restore, "restore-terminal");
    }

    /** Enters raw mode if standard input is a terminal; otherwise returns an instance that does nothing. */
    public static RawTerminal enter() throws IOException {
        String saved = stty(List.of("-g"));
        if (saved == null || saved.isBlank()) {
            return new RawTerminal(null);
        }
        RawTerminal terminal = new RawTerminal(saved.strip());
        Runtime.getRuntime().addShutdownHook(terminal.restoreOnExit);
        if (stty(List.of("raw", "-echo")) == null) {
            terminal.close();
            throw new IOException("cannot switch the terminal to raw mode (stty raw -echo failed)");
        }
        return terminal;
    }

    /** {@code {columns, rows}} of the terminal on standard input, or 80x24 when it does not say. */
    public static int[] size() {
        try {
            String out = stty(List.of("size"));
            String[] rowsCols = out == null ? new String[0] : out.trim().split("\\s+");
            if (rowsCols.length == 2) {
                int rows = Integer.parseInt(rowsCols[0]);
                int cols = Integer.parseInt(rowsCols[1]);
                if (rows > 0 && cols > 0) {
                    return new int[] {cols, rows};
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("terminal size unknown: {}", e.toString());
        }
        return new int[] {80, 24};
    }

    /** True when the terminal was switched to raw mode (standard input is a terminal). */
    public boolean isRaw() {
        return saved != null && !restored;
    }

    @Override
    public void close() {
        if (restoreOnExit == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; restoring twice is harmless.
        }
        restore();
    }

    private synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        try {
            if (stty(List.of(saved)) == null) {
                LOG.warn("could not restore terminal settings; run 'stty sane' to repair the terminal");
            }
        } catch (IOException e) {
            LOG.warn("could not restore terminal settings ({}); run 'stty sane' to repair the terminal", e.toString());
        }
    }

    /** Runs stty on our standard input; returns its output, or null if it failed (not a terminal). */
    private static String stty(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("stty"));
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectInput(Redirect.INHERIT)
                .redirectError(Redirect.DISCARD)
                .start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!process.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? out : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running stty", e);
        }
    }
}
