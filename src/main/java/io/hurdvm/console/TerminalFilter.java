package io.hurdvm.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Console output on its way to a user, filtered by a {@link TerminalParser}. Two modes:
 * <ul>
 *   <li>{@link Mode#PLAIN_TEXT} ({@code hurdvm logs}, console lines for patterns): the characters only; every
 *       escape sequence and control character is dropped but LF and TAB (CR too: console lines end in CR LF).
 *   <li>{@link Mode#WITHOUT_QUERIES} (the history replayed to an attaching console client): the bytes as they
 *       came, minus what makes a terminal answer ({@link TerminalQueries}), C1 controls, and sequences that are
 *       incomplete or overlong (they cannot be judged; an incomplete one at the end would be completed by the
 *       live stream that follows).
 * </ul>
 * Streaming: feed any split of the stream, then {@link #finish()}.
 */
public final class TerminalFilter extends OutputStream {
    /** What to keep. */
    public enum Mode { PLAIN_TEXT, WITHOUT_QUERIES }

    private final OutputStream out;
    private final Mode mode;
    private final TerminalParser parser;

    public TerminalFilter(OutputStream out, Mode mode) {
        this.out = out;
        this.mode = mode;
        this.parser = new TerminalParser(new Keep());
    }

    /** {@code text} without escape sequences and controls but LF and TAB. */
    public static String plainText(CharSequence text) {
        return new String(filter(text.toString().getBytes(StandardCharsets.UTF_8), Mode.PLAIN_TEXT), StandardCharsets.UTF_8);
    }

    public static byte[] filter(byte[] data, Mode mode) {
        ByteArrayOutputStream result = new ByteArrayOutputStream(data.length);
        try (TerminalFilter f = new TerminalFilter(result, mode)) {
            f.write(data);
            f.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return result.toByteArray();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            parser.feed(b, off, len);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** End of the stream: an open sequence is dropped. Flushes; does not close the target. */
    public void finish() throws IOException {
        try {
            parser.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void emit(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void emit(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text always passes; what else passes depends on the mode. */
    private final class Keep implements TerminalParser.Sink {
        @Override
        public void text(byte[] buf, int off, int len) {
            emit(buf, off, len);
        }

        @Override
        public void control(int codePoint) {
            boolean keep = mode == Mode.PLAIN_TEXT ? codePoint == '\n' || codePoint == '\t'
                    : codePoint < 0x80 && !TerminalQueries.isAnsweringControl(codePoint);
            if (keep) {
                emit(codePoint);
            }
        }

        @Override
        public void sequence(TerminalParser.Sequence sequence) {
            if (mode == Mode.WITHOUT_QUERIES && sequence.complete() && !TerminalQueries.isQuery(sequence)) {
                emit(sequence.bytes(), 0, sequence.bytes().length);
            }
        }
    }
}
