package io.hurdvm.console;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** Standard output of a console client in tests, waitable by pattern (it is a {@link ConsoleBuffer} underneath). */
final class ConsoleOutput extends OutputStream {
    private final ConsoleBuffer seen = new ConsoleBuffer(1024 * 1024);

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        seen.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }

    boolean await(String regex, Duration timeout) throws InterruptedException {
        return seen.awaitPattern(Pattern.compile(regex), Instant.now().plus(timeout));
    }

    String text() {
        return seen.sinceEpoch();
    }
}
