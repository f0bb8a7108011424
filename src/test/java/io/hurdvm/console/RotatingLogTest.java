package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    @TempDir
    Path dir;

    @Test
    void append_isVisibleToReadersImmediatelyWithoutClose() throws IOException {
        Path file = dir.resolve("console.log");
        try (RotatingLog log = RotatingLog.open(file)) {
            log.append(bytes("GNU Mach 1.8\r\n"));
            assertThat(Files.readString(file)).isEqualTo("GNU Mach 1.8\r\n");
        }
    }

    @Test
    void append_rotatesWhenFullKeepingNewestInDotOne() throws IOException {
        Path file = dir.resolve("console.log");
        try (RotatingLog log = new RotatingLog(file, 10, 3)) {
            log.append(bytes("aaaaaaaa\n")); // 9 bytes
            log.append(bytes("bbbbbbbb\n")); // 9 + 9 > 10: rotates first, chunks stay whole
            log.append(bytes("cccc\n"));
        }
        assertThat(Files.readString(file)).isEqualTo("cccc\n");
        assertThat(Files.readString(dir.resolve("console.log.1"))).isEqualTo("bbbbbbbb\n");
        assertThat(Files.readString(dir.resolve("console.log.2"))).isEqualTo("aaaaaaaa\n");
    }

    @Test
    void rotation_keepsOnlyConfiguredNumberOfOldFiles() throws IOException {
        Path file = dir.resolve("console.log");
        try (RotatingLog log = new RotatingLog(file, 4, 2)) {
            for (String chunk : List.of("111\n", "222\n", "333\n", "444\n", "555\n")) {
                log.append(bytes(chunk));
            }
        }
        assertThat(Files.readString(file)).isEqualTo("555\n");
        assertThat(Files.readString(dir.resolve("console.log.1"))).isEqualTo("444\n");
        assertThat(Files.readString(dir.resolve("console.log.2"))).isEqualTo("333\n");
        assertThat(dir.resolve("console.log.3")).doesNotExist();
        assertThat(listing()).containsExactlyInAnyOrder("console.log", "console.log.1", "console.log.2");
    }

    @Test
    void chunkLargerThanLimit_isSplitSoNoFileExceedsIt() throws IOException {
        Path file = dir.resolve("console.log");
        try (RotatingLog log = new RotatingLog(file, 4, 5)) {
            log.append(bytes("0123456789"));
        }
        assertThat(Files.readString(dir.resolve("console.log.2"))).isEqualTo("0123");
        assertThat(Files.readString(dir.resolve("console.log.1"))).isEqualTo("4567");
        assertThat(Files.readString(file)).isEqualTo("89");
    }

    @Test
    void keepZero_discardsOldOutputOnRotation() throws IOException {
        Path file = dir.resolve("console.log");
        try (RotatingLog log = new RotatingLog(file, 4, 0)) {
            log.append(bytes("old\n"));
            log.append(bytes("new\n"));
        }
        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(listing()).containsExactly("console.log");
    }

    @Test
    void reopening_appendsToExistingLogAndCountsItsSize() throws IOException {
        Path file = dir.resolve("console.log");
        Files.writeString(file, "previous boot\n");
        try (RotatingLog log = new RotatingLog(file, 20, 1)) {
            log.append(bytes("next boot\n")); // 14 + 10 > 20: the old file rotates away first
        }
        assertThat(Files.readString(dir.resolve("console.log.1"))).isEqualTo("previous boot\n");
        assertThat(Files.readString(file)).isEqualTo("next boot\n");
    }

    @Test
    void concurrentWriters_loseNoBytesAndNeverInterleaveWithinAChunk() throws Exception {
        Path file = dir.resolve("console.log");
        int writers = 4;
        int chunksEach = 500;
        try (RotatingLog log = new RotatingLog(file, 1000, 1000);
             ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String chunk = ("writer" + w + "-").repeat(3) + "\n";
                Callable<Void> task = () -> {
                    for (int i = 0; i < chunksEach; i++) {
                        log.append(bytes(chunk));
                    }
                    return null;
                };
                futures.add(pool.submit(task));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        }
        List<String> lines = new ArrayList<>();
        for (String name : listing()) {
            Path p = dir.resolve(name);
            assertThat(Files.size(p)).isLessThanOrEqualTo(1000);
            lines.addAll(Files.readAllLines(p));
        }
        assertThat(lines).hasSize(writers * chunksEach);
        assertThat(lines).allMatch(l -> l.matches("(writer(\\d)-)\\1\\1"));
    }

    @Test
    void append_afterClose_failsWithClearMessage() throws IOException {
        RotatingLog log = RotatingLog.open(dir.resolve("console.log"));
        log.close();
        assertThatThrownBy(() -> log.append(bytes("x"))).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
