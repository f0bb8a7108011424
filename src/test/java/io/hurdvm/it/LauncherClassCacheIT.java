package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repo's {@code ./hurdvm} launcher and its JVM class cache in target/ (the other ITs run the jar
 * directly and never see it): a cache of another build is removed and a new one trained; a damaged
 * cache, or one the JVM cannot use, is ignored without a word on stdout ({@code --output json} stays
 * parseable) or stderr.
 */
class LauncherClassCacheIT {
    private static final Path LAUNCHER = Path.of("hurdvm").toAbsolutePath();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    @TempDir Path home;

    @Test
    void aForeignCacheGoes_aNewOneIsTrained_andADamagedOneIsIgnoredSilently() throws Exception {
        clearCaches();
        Path foreign = Files.writeString(TARGET.resolve("hurdvm-cli-1-2-jdk25-3.aot"), "a cache of another build");
        Path foreignArchive = Files.writeString(TARGET.resolve("hurdvm-cli-1-2.jsa"), "an archive of an older launcher");

        Run first = list();
        assertThat(foreign).doesNotExist();
        assertThat(foreignArchive).doesNotExist();
        List<Path> caches = caches();
        assertThat(caches).as("one cache, trained by the first run").hasSize(1);
        assertThat(caches.get(0).getFileName().toString()).doesNotContain(".tmp");
        assertThat(first.err).isEmpty();

        // The same name, other content: a torn file, then one of another build (the foreign bytes).
        Path cache = caches.get(0);
        byte[] good = Files.readAllBytes(cache);
        Files.write(cache, java.util.Arrays.copyOf(good, good.length / 2));
        Run torn = list();
        assertThat(torn.err).isEmpty();
        Files.writeString(cache, "not a cache at all");
        Run garbage = list();
        assertThat(garbage.err).isEmpty();
        assertThat(caches()).containsExactly(cache);
    }

    /** The damaged cache has the real cache's name: left behind, every later ./hurdvm would run without one. */
    @AfterEach
    void removeTheDamagedCache() throws IOException {
        clearCaches();
    }

    private record Run(String out, String err) {
    }

    /** {@code hurdvm list --output json} in an empty home: exit 0 and exactly an empty JSON array on stdout. */
    private Run list() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "list", "--output", "json");
        pb.environment().put("HURDVM_HOME", home.toString());
        pb.environment().remove("HURDVM_JAVA_OPTS");
        Path out = Files.createTempFile(home.getParent(), "out", ".txt");
        Path err = Files.createTempFile(home.getParent(), "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        Run r = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        assertThat(p.exitValue()).as(r.err).isZero();
        JsonNode json = JsonFiles.MAPPER.readTree(r.out);
        assertThat(json.isArray() && json.isEmpty()).as("stdout is the JSON of no instance, nothing else: " + r.out).isTrue();
        return r;
    }

    private static List<Path> caches() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().startsWith("hurdvm-cli-")).sorted().toList();
        }
    }

    private static void clearCaches() throws IOException {
        for (Path p : caches()) {
            Files.delete(p);
        }
    }
}
