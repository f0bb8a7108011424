package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the parser splits a stream. Inputs and outputs are written with {@code ^[} for ESC, {@code \a}, {@code \r},
 * {@code \n}, {@code \x18} (CAN); events render as text, {@code <0a>} for a control, {@code [CSI ^[[6n]} for a
 * complete sequence, {@code [CSI? ^[[6]} for an incomplete one.
 */
class TerminalParserTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "plain text                  | plain text",
            "a\\r\\nb                    | a<0d><0a>b",
            "^[[6n                       | [CSI ^[[6n]",
            "^[[?6n^[[5n                 | [CSI ^[[?6n][CSI ^[[5n]",
            "x^[[0;1;32mOK^[[0my         | x[CSI ^[[0;1;32m]OK[CSI ^[[0m]y",
            "^[[>0c^[[=c                 | [CSI ^[[>0c][CSI ^[[=c]",
            "^[[2$p                      | [CSI ^[[2$p]",
            "^[]11;?^[\\\\               | [OSC ^[]11;?^[\\\\]",
            "^[]0;title\\a after         | [OSC ^[]0;title\\a] after",
            "^[P$qm^[\\\\                | [DCS ^[P$qm^[\\\\]",
            "^[_Ga=q;^[\\\\              | [APC ^[_Ga=q;^[\\\\]",
            "^[(B^[=^[7^[Z               | [ESC ^[(B][ESC ^[=][ESC ^[7][ESC ^[Z]",
            "^[[1\\n2m                   | <0a>[CSI ^[[12m]",
            "^[[12\\x18m                 | [CSI? ^[[12]m",
            "^[[12^[[3m                  | [CSI? ^[[12][CSI ^[[3m]",
            "^[]0;unterminated^[[1m      | [OSC? ^[]0;unterminated][CSI ^[[1m]",
            "^[[6                        | [CSI? ^[[6]",
            "^[                          | [ESC? ^[]",
            "caf\u00e9 \u00fcber         | caf\u00e9 \u00fcber",
            "a\u009b6nb                  | a<9b>6nb",
            "x\u0085y                    | x<85>y",
            "nb\u00a0sp                  | nb\u00a0sp",
            "del\u007f                   | del<7f>"})
    void splits(String input, String expected) {
        assertThat(render(bytes(input))).isEqualTo(expected.replace("\\\\", "\\"));
    }

    @Test
    void anyChunking_givesTheSameEvents() {
        byte[] stream = bytes("boot^[[0m ok\\r\\n^[]11;?^[\\\\login: ^[[6n^[P$qm^[\\\\caf\u00e9^[[?1;2c\u009b end");
        String whole = render(stream);
        for (int split = 0; split <= stream.length; split++) {
            StringBuilder events = new StringBuilder();
            Recorder recorder = new Recorder(events);
            TerminalParser p = new TerminalParser(recorder);
            p.feed(stream, 0, split);
            p.feed(stream, split, stream.length - split);
            p.finish();
            recorder.flushText();
            assertThat(events.toString()).as("split at " + split).isEqualTo(whole);
        }
    }

    @Test
    void endlessOsc_isParsedToItsEndButKeptTruncated() {
        byte[] stream = bytes("^[]0;" + "x".repeat(100_000) + "\\aafter");
        StringBuilder events = new StringBuilder();
        java.util.List<TerminalParser.Sequence> seen = new java.util.ArrayList<>();
        Recorder recorder = new Recorder(events) {
            @Override
            public void sequence(TerminalParser.Sequence s) {
                seen.add(s);
            }
        };
        TerminalParser p = new TerminalParser(recorder);
        p.feed(stream);
        p.finish();
        recorder.flushText();
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.truncated()).isTrue();
            assertThat(s.complete()).isFalse();
            assertThat(s.bytes()).hasSize(TerminalParser.MAX_SEQUENCE_BYTES);
        });
        assertThat(events.toString()).isEqualTo("after");
    }

    @Test
    void sequenceParts_areNamed() {
        java.util.List<TerminalParser.Sequence> seen = new java.util.ArrayList<>();
        TerminalParser p = new TerminalParser(new Recorder(new StringBuilder()) {
            @Override
            public void sequence(TerminalParser.Sequence s) {
                seen.add(s);
            }
        });
        p.feed(bytes("^[[?25$p^[]52;c;?\\a^[(B"));
        assertThat(seen.get(0).parameters()).isEqualTo("?25");
        assertThat(seen.get(0).intermediates()).isEqualTo("$");
        assertThat(seen.get(0).finalByte()).isEqualTo('p');
        assertThat(seen.get(1).body()).isEqualTo("52;c;?");
        assertThat(seen.get(2).intermediates()).isEqualTo("(");
        assertThat(seen.get(2).finalByte()).isEqualTo('B');
    }

    static byte[] bytes(String notation) {
        return notation.replace("^[", "\u001b").replace("\\a", "\u0007").replace("\\r", "\r").replace("\\n", "\n")
                .replace("\\x18", "\u0018").replace("\\x08", "\b").replace("\\t", "\t").replace("\\\\", "\\").getBytes(StandardCharsets.UTF_8);
    }

    static String render(byte[] stream) {
        StringBuilder events = new StringBuilder();
        Recorder recorder = new Recorder(events);
        TerminalParser p = new TerminalParser(recorder);
        p.feed(stream);
        p.finish();
        recorder.flushText();
        return events.toString();
    }

    /** Collects events; text is decoded only when a run ends, as a split may fall inside a UTF-8 character. */
    static class Recorder implements TerminalParser.Sink {
        private final StringBuilder out;
        private final java.io.ByteArrayOutputStream pendingText = new java.io.ByteArrayOutputStream();

        Recorder(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void text(byte[] buf, int off, int len) {
            pendingText.write(buf, off, len);
        }

        @Override
        public void control(int codePoint) {
            flushText();
            out.append(String.format("<%02x>", codePoint));
        }

        @Override
        public void sequence(TerminalParser.Sequence s) {
            flushText();
            out.append('[').append(s.kind()).append(s.complete() ? " " : "? ")
                    .append(new String(s.bytes(), StandardCharsets.UTF_8).replace("\u001b", "^[").replace("\u0007", "\\a"))
                    .append(']');
        }

        void flushText() {
            out.append(pendingText.toString(StandardCharsets.UTF_8));
            pendingText.reset();
        }
    }
}
