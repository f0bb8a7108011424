package io.hurdvm.storage.target;

import io.hurdvm.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for tests: s3rver (npm) on a free 127.0.0.1 port, started and stopped
 * through {@code scripts/s3-test-server} (the script CI uses), with bucket {@code hurdvm-test}.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String BUCKET = "hurdvm-test";
    public static final String ACCESS_KEY = "S3RVER";
    public static final String SECRET_KEY = "S3RVER";

    private final Path state;
    private final URI endpoint;

    private S3TestServer(Path state, URI endpoint) {
        this.state = state;
        this.endpoint = endpoint;
    }

    public static S3TestServer start() throws IOException, InterruptedException {
        Path state = Files.createTempDirectory(Path.of("/tmp"), "hvs3");
        String out = script("start", state);
        String line = out.lines().filter(l -> l.startsWith("endpoint=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("s3-test-server printed no endpoint: " + out));
        return new S3TestServer(state, URI.create(line.substring("endpoint=".length()).strip()));
    }

    private static String script(String verb, Path state) throws IOException, InterruptedException {
        Path script = Path.of("scripts", "s3-test-server").toAbsolutePath();
        Process p = new ProcessBuilder(script.toString(), verb, state.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("s3-test-server " + verb + " did not finish within 5 minutes");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("s3-test-server " + verb + " failed: " + out);
        }
        return out;
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Settings settings() {
        return new S3Settings(Optional.of(endpoint), "us-east-1", ACCESS_KEY, Secret.of(SECRET_KEY), true);
    }

    /** A credentials file in the format {@code --s3-credentials-file} reads. */
    public Path credentialsFile(Path dir) throws IOException {
        Path f = dir.resolve("s3-credentials");
        Files.writeString(f, "access_key_id=" + ACCESS_KEY + "\nsecret_access_key=" + SECRET_KEY + "\n");
        return f;
    }

    /** Where s3rver keeps objects: tests look here to prove data really went through the server. */
    public Path dataDir() {
        return state.resolve("data");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop", state);
        try (var walk = Files.walk(state)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
