package io.hurdvm.console;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Cuts decoded console text into {@link ConsoleLine}s. Complete lines are emitted at each LF; at the end
 * of every chunk the unfinished line is emitted as partial (if it changed), because prompts like
 * {@code login: } wait for input without ending their line. Over-long lines are cut at
 * {@link #MAX_LINE} characters so a guest printing without newlines cannot grow memory without bound.
 */
final class LineAssembler {
    static final int MAX_LINE = 4096;

    private final Consumer<ConsoleLine> sink;
    private final StringBuilder current = new StringBuilder();
    private boolean currentEmitted = true;

    LineAssembler(Consumer<ConsoleLine> sink) {
        this.sink = sink;
    }

    void accept(String text, Instant at) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                emitComplete(at);
            } else {
                current.append(c);
                currentEmitted = false;
                if (current.length() >= MAX_LINE) {
                    emitComplete(at);
                }
            }
        }
        if (!currentEmitted && !current.isEmpty()) {
            String plain = AnsiText.strip(current);
            if (!plain.isEmpty()) {
                sink.accept(new ConsoleLine(plain, false, at));
            }
            currentEmitted = true;
        }
    }

    private void emitComplete(Instant at) {
        sink.accept(new ConsoleLine(AnsiText.strip(current), true, at));
        current.setLength(0);
        currentEmitted = true;
    }
}
