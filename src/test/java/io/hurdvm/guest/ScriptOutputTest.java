package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScriptOutputTest {
    @Test
    void keepsTheLastLines_cleanedOfControlCharacters_andLogsEveryByte() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScriptOutput out = new ScriptOutput(log::write);
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            all.append("line ").append(i).append('\n');
        }
        all.append("\u001b[31merror:\u0007 disk full");
        out.write(all.toString().getBytes(StandardCharsets.UTF_8), 0, all.length());
        assertThat(out.lastLines()).hasSize(ScriptOutput.TAIL_LINES).first().isEqualTo("line 12");
        assertThat(out.lastLines()).last().isEqualTo("[31merror: disk full");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo(all.toString());
    }

    @Test
    void aScriptThatPrintsWithoutEnd_costsBoundedLogAndMemory() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScriptOutput out = new ScriptOutput(log::write);
        byte[] chunk = "y".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        for (long written = 0; written < ScriptOutput.LOG_LIMIT + (4 << 20); written += chunk.length) {
            out.write(chunk, 0, chunk.length);
        }
        assertThat((long) log.size()).isBetween(ScriptOutput.LOG_LIMIT, ScriptOutput.LOG_LIMIT + 200);
        assertThat(log.toString(StandardCharsets.US_ASCII)).endsWith("the rest is not logged]\n");
        assertThat(out.lastLines()).singleElement().asString().hasSize(300);
    }
}
