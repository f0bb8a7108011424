package io.hurdvm.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Prometheus's own linter (Debian package prometheus) on an exposition. */
final class Promtool {
    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    static Result checkMetrics(String exposition, Path workDir) throws IOException, InterruptedException {
        Path input = Files.writeString(workDir.resolve("scrape.prom"), exposition);
        Path output = workDir.resolve("promtool.out");
        Process p = new ProcessBuilder("promtool", "check", "metrics")
                .redirectInput(input.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
