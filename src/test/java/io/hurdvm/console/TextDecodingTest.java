package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AnsiText, Utf8StreamDecoder and LineAssembler: how raw serial bytes become text and lines. */
class TextDecodingTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void ansiText_removesGrubScreenControlColoursAndControlCharacters() {
        assertThat(AnsiText.strip("\u001b[H\u001b[J\u001b[1;1H  Booting `GNU Mach (serial console)'\r"))
                .isEqualTo("  Booting `GNU Mach (serial console)'");
        assertThat(AnsiText.strip("[\u001b[0;1;32m  OK  \u001b[0m] Reached target")).isEqualTo("[  OK  ] Reached target");
        assertThat(AnsiText.strip("\u001b]0;title\u0007text\u001b(B\u001b=\u0008")).isEqualTo("text");
        assertThat(AnsiText.strip("tab\tkept")).isEqualTo("tab\tkept");
    }

    @Test
    void utf8Decoder_joinsACharacterSplitAcrossTwoReads() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        byte[] bytes = "Grüße".getBytes(StandardCharsets.UTF_8);
        String first = decoder.decode(bytes, 0, 3); // "Gr" + first byte of "ü"
        String second = decoder.decode(bytes, 3, bytes.length - 3);
        assertThat(first).isEqualTo("Gr");
        assertThat(first + second).isEqualTo("Grüße");
    }

    @Test
    void utf8Decoder_replacesInvalidBytesInsteadOfFailing() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        assertThat(decoder.decode(new byte[] {'a', (byte) 0xff, 'b'}, 0, 3)).isEqualTo("a\ufffdb");
    }

    @Test
    void lineAssembler_emitsCompleteLinesAndTheUnfinishedPromptAsPartial() {
        List<ConsoleLine> lines = new ArrayList<>();
        LineAssembler assembler = new LineAssembler(lines::add);

        assembler.accept("\rGNU Mach 1.8\r\n\rbiosmem: ok\r\ndebian lo", T);
        assembler.accept("gin: ", T);

        assertThat(lines).extracting(ConsoleLine::text, ConsoleLine::complete).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GNU Mach 1.8", true),
                org.assertj.core.groups.Tuple.tuple("biosmem: ok", true),
                org.assertj.core.groups.Tuple.tuple("debian lo", false),
                org.assertj.core.groups.Tuple.tuple("debian login: ", false));
    }

    @Test
    void lineAssembler_doesNotRepeatAnUnchangedPartialLine() {
        List<ConsoleLine> lines = new ArrayList<>();
        LineAssembler assembler = new LineAssembler(lines::add);
        assembler.accept("login: ", T);
        assembler.accept("", T);
        assembler.accept("\n", T);
        assertThat(lines).extracting(ConsoleLine::complete).containsExactly(false, true);
    }

    @Test
    void lineAssembler_cutsOverlongLinesSoMemoryStaysBounded() {
        List<ConsoleLine> lines = new ArrayList<>();
        LineAssembler assembler = new LineAssembler(lines::add);
        assembler.accept("x".repeat(LineAssembler.MAX_LINE * 2 + 5), T);
        assertThat(lines).filteredOn(ConsoleLine::complete).hasSize(2)
                .allMatch(l -> l.text().length() == LineAssembler.MAX_LINE);
        assertThat(lines.getLast().text()).hasSize(5);
    }
}
