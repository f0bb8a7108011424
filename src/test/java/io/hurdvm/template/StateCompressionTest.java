package io.hurdvm.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateCompressionTest {
    @Test
    void everyOption_roundTripsTheStream_andZstdShrinksRepetitiveData(@TempDir Path dir) throws Exception {
        byte[] state = new byte[3 << 20];
        new Random(7).nextBytes(state);
        java.util.Arrays.fill(state, 1 << 20, 3 << 20, (byte) 0x5a); // like page cache and zeroed pages
        for (String option : new String[] {"none", "zstd", "zstd:3"}) {
            StateCompression c = StateCompression.parse(option);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            try (OutputStream out = c.compressing(file)) {
                out.write(state);
            }
            Path saved = dir.resolve(option.replace(':', '-'));
            Files.write(saved, file.toByteArray());
            assertThat(readThroughDirectBuffers(c, saved)).as(option + " into direct buffers").isEqualTo(state);
            if (!option.equals("none")) {
                assertThat(file.size()).as(option).isLessThan(state.length / 2);
            }
        }
    }

    /** As a restore reads it: into a small direct buffer, again and again (content crosses buffer ends). */
    private static byte[] readThroughDirectBuffers(StateCompression c, Path file) throws Exception {
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocateDirect(100_000);
        try (StateCompression.Source in = c.open(file)) {
            boolean more = true;
            while (more) {
                buf.clear();
                more = in.fill(buf);
                buf.flip();
                byte[] chunk = new byte[buf.remaining()];
                buf.get(chunk);
                back.write(chunk);
            }
        }
        return back.toByteArray();
    }

    /**
     * zstd-jni 1.5.7-18 and later bind libzstd through FFM on JDK 22+ (a multi-release jar), which
     * costs a clone's cold supervisor 0.35-0.5 s before the first byte: the JNI binding must be the
     * one this build loads (see pom.xml). Fails when an upgrade brings the FFM classes back.
     */
    @Test
    void zstd_usesTheJniBinding_notTheSlowToStartFfmOne() throws Exception {
        StateCompression.DEFAULT.compressing(new ByteArrayOutputStream()).close();
        assertThatThrownBy(() -> Class.forName("com.github.luben.zstd.ZstdBinding"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void parse_namesTheChoices() {
        assertThat(StateCompression.parse("zstd").wireName()).isEqualTo("zstd:1");
        assertThat(StateCompression.parse("none")).isEqualTo(StateCompression.NONE);
        assertThat(StateCompression.parse(StateCompression.parse("zstd:5").wireName()).level()).isEqualTo(5);
        assertThatThrownBy(() -> StateCompression.parse("gzip")).hasMessageContaining("use none, zstd or zstd:LEVEL");
        assertThatThrownBy(() -> StateCompression.parse("zstd:40")).hasMessageContaining("out of range");
    }
}
