package io.hurdvm.guest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where a provision script's output goes: appended to the provisioning log (at most {@link #LOG_LIMIT}
 * bytes per script: a script that prints without end costs no disk) and its last lines kept for the
 * one-line error that names why it failed. The guest's bytes are not trusted: the kept lines are
 * cleaned of control characters and cut to a bounded length. Thread-safe: stdout and stderr of the
 * script arrive on different threads.
 */
final class ScriptOutput extends OutputStream {
    static final long LOG_LIMIT = 8L * 1024 * 1024;
    static final int TAIL_LINES = 20;
    private static final int LINE_CHARS = 300;

    private final ProvisionRunner.LogSink log;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder line = new StringBuilder();
    private long logged;
    private boolean truncatedNoted;

    ScriptOutput(ProvisionRunner.LogSink log) {
        this.log = log;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        toLog(b, off, len);
        String text = new String(b, off, len, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                endLine();
            } else if (!Character.isISOControl(c) && line.length() < LINE_CHARS) {
                line.append(c);
            }
        }
    }

    private void toLog(byte[] b, int off, int len) {
        try {
            long room = LOG_LIMIT - logged;
            if (room > 0) {
                int n = (int) Math.min(room, len);
                log.append(b, off, n);
                logged += n;
            } else if (!truncatedNoted) {
                truncatedNoted = true;
                byte[] note = ("\n[hurdvm: more output than " + (LOG_LIMIT >> 20) + " MiB; the rest is not logged]\n")
                        .getBytes(StandardCharsets.UTF_8);
                log.append(note, 0, note.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the provisioning log: " + e.getMessage(), e);
        }
    }

    private void endLine() {
        tail.addLast(line.toString().strip());
        line.setLength(0);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /** The last lines the script printed (a last line without newline included), blank ones left out. */
    synchronized List<String> lastLines() {
        List<String> lines = new java.util.ArrayList<>(tail);
        if (!line.isEmpty()) {
            lines.add(line.toString().strip());
        }
        lines.removeIf(String::isEmpty);
        return List.copyOf(lines.size() > TAIL_LINES ? lines.subList(lines.size() - TAIL_LINES, lines.size()) : lines);
    }
}
