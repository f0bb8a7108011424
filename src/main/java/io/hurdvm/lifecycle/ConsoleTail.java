package io.hurdvm.lifecycle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The last lines of a console log, cleaned of terminal escape sequences, for error reports. */
public final class ConsoleTail {
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[()][0-9A-Za-z]|\u001B[=>78c]|[\u0000-\u0008\u000B-\u001F\u007F]");
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
                    .map(l -> ESCAPES.matcher(l).replaceAll("").stripTrailing())
                    .filter(l -> !l.isBlank())
                    .toList();
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
