package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logs --follow} while the writer rotates: every byte once, in order. */
class LogFollowerTest {
    @TempDir
    Path dir;

    @Test
    void followsAcrossRotations_withoutLossOrRepeat() throws Exception {
        Path file = dir.resolve("console.log");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder written = new StringBuilder();
        AtomicBoolean keepGoing = new AtomicBoolean(true);
        try (RotatingLog log = new RotatingLog(file, 200, 50)) {
            log.append(bytes("before the selection\n"));
            written.append("before the selection\n");
            try (LogSelection selection = LogSelection.all(file)) {
                selection.copyTo(out);
                LogFollower f = new LogFollower(file, selection.live().orElseThrow(), syncOn(out), Duration.ofMillis(5));
                CompletableFuture<Void> follower = CompletableFuture.runAsync(() -> {
                    try {
                        f.follow(keepGoing::get);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int i = 0; i < 300; i++) { // 300 lines of ~12 bytes in files of 200: about 18 rotations
                    String line = "output " + i + "\n";
                    log.append(bytes(line));
                    written.append(line);
                }
                Instant deadline = Instant.now().plusSeconds(20);
                while (!contents(out).endsWith("output 299\n") && Instant.now().isBefore(deadline)) {
                    Thread.sleep(2); // polling the condition, with the deadline above
                }
                keepGoing.set(false);
                follower.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(contents(out)).isEqualTo(written.toString());
    }

    private static java.io.OutputStream syncOn(ByteArrayOutputStream out) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (out) {
                    out.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (out) {
                    out.write(b, off, len);
                }
            }
        };
    }

    private static String contents(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
