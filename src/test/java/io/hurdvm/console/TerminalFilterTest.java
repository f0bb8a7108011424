package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two filters on console output, in the notation of {@link TerminalParserTest}. */
class TerminalFilterTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "^[[H^[[J^[[1;1H  Booting GNU Mach\\r\\n | `  Booting GNU Mach\\n`",
            "[^[[0;1;32m  OK  ^[[0m] Reached target     | [  OK  ] Reached target",
            "^[]0;title\\atext^[(B^[=\\x08               | text",
            "tab\\tkept\\nline                          | tab\\tkept\\nline",
            "login: ^[[6n^[]11;?^[\\\\                 | `login: `",
            "a\u009b6nb\u0005c                         | a6nbc",
            "caf\u00e9^[[1m!                           | caf\u00e9!",
            "half ^[[1;3                               | `half `"})
    void plainText_keepsCharactersLfAndTabOnly(String input, String expected) {
        assertThat(run(input, TerminalFilter.Mode.PLAIN_TEXT)).isEqualTo(new String(TerminalParserTest.bytes(expected), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`debian login: ^[[6n`                      | `debian login: `",
            "^[[0;32mOK^[[0m ^[[5n^[[c^[[>0c done        | ^[[0;32mOK^[[0m  done",
            "^[]11;?^[\\\\^[]0;hurd\\a$                  | ^[]0;hurd\\a$",
            "x^[P$qm^[\\\\y^[P+q544e^[\\\\z               | xyz",
            "^[[18t^[[8;24;80t                         | ^[[8;24;80t",
            "ask\u0005 no                               | ask no",
            "c1\u009b6n                                 | c16n",
            "^[[H^[[2Jprompt\\r\\n# ^[[?25h               | ^[[H^[[2Jprompt\\r\\n# ^[[?25h",
            "cut ^[[6                                  | `cut `",
            "caf\u00e9 ^[Z                              | `caf\u00e9 `"})
    void withoutQueries_keepsEverythingButWhatMakesATerminalAnswer(String input, String expected) {
        assertThat(run(input, TerminalFilter.Mode.WITHOUT_QUERIES)).isEqualTo(new String(TerminalParserTest.bytes(expected), StandardCharsets.UTF_8));
    }

    @Test
    void streaming_byteByByte_equalsWhole() throws Exception {
        byte[] input = TerminalParserTest.bytes("boot^[[0m ok\\r\\n^[]11;?^[\\\\login: ^[[6n^[P$qm^[\\\\caf\u00e9^[[?1;2c end");
        for (TerminalFilter.Mode mode : TerminalFilter.Mode.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TerminalFilter f = new TerminalFilter(out, mode);
            for (byte b : input) {
                f.write(b);
            }
            f.finish();
            assertThat(out.toByteArray()).as(mode.name()).isEqualTo(TerminalFilter.filter(input, mode));
        }
    }

    @Test
    void ansiText_usesTheSameSyntax() {
        assertThat(AnsiText.strip("\u001b[H\u001b[J\u001b[1;1H  Booting `GNU Mach (serial console)'\r")).isEqualTo("  Booting `GNU Mach (serial console)'");
    }

    private static String run(String input, TerminalFilter.Mode mode) {
        return new String(TerminalFilter.filter(TerminalParserTest.bytes(input), mode), StandardCharsets.UTF_8);
    }
}
