package io.hurdvm.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.time.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateWatchTest {
    /** Far longer than any wake-up takes: returning before it means the file's arrival woke the wait. */
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void aStateFileRenamedIntoPlace_wakesTheWait(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.json");
        try (StateWatch watch = StateWatch.on(state)) {
            JsonFiles.writeAtomically(state, Map.of("state", "running")); // how the supervisor writes it
            long t0 = System.nanoTime();
            watch.await(Deadline.after(LONG), LONG);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LONG);
        }
    }

    @Test
    void otherFilesInTheFolder_doNotEndTheWait(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.json");
        Duration max = Duration.ofMillis(300);
        try (StateWatch watch = StateWatch.on(state)) {
            Files.writeString(dir.resolve("console.log"), "booting\n");
            Files.writeString(dir.resolve("other.json"), "{}");
            long t0 = System.nanoTime();
            watch.await(Deadline.after(LONG), max);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(max);
        }
    }

    @Test
    void aFolderThatCannotBeWatched_pausesInstead(@TempDir Path dir) throws Exception {
        Duration max = Duration.ofMillis(50);
        try (StateWatch watch = StateWatch.on(dir.resolve("missing/state.json"))) {
            long t0 = System.nanoTime();
            watch.await(Deadline.after(LONG), max);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(max);
        }
    }

    @Test
    void theDeadline_boundsTheWait(@TempDir Path dir) throws Exception {
        try (StateWatch watch = StateWatch.on(dir.resolve("state.json"))) {
            long t0 = System.nanoTime();
            watch.await(Deadline.after(Duration.ofMillis(50)), LONG);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LONG);
        }
    }
}
