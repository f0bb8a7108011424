package io.hurdvm.lifecycle;

import io.hurdvm.console.AnsiText;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a console log, cleaned of terminal escape sequences, for error reports. */
public final class ConsoleTail {
    private static final int MAX_BYTES = 64 * 1024;

    private ConsoleTail() {
    }

    public static List<String> lastLines(Path log, int n) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - MAX_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
            List<String> lines = Arrays.stream(text.split("\n"))
                    .map(l -> AnsiText.strip(l).stripTrailing())
                    .filter(l -> !l.isBlank())
                    .toList();
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
