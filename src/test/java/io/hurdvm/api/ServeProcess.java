package io.hurdvm.api;

import io.hurdvm.it.HurdvmProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hurdvm serve} from the packaged jar, as a container would run it, on the HURDVM_HOME of a
 * {@link HurdvmProcess}. Its base URL is read from the line it prints at start. Closing kills it by
 * its Process handle if it is still alive; the instances it caused are HurdvmProcess's to clean up.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving .* on ((?:https?://|unix:)\\S+); authentication");
    private final Process process;
    private final Path output;
    private final URI base;

    private ServeProcess(Process process, Path output, URI base) {
        this.process = process;
        this.output = output;
        this.base = base;
    }

    public static ServeProcess start(HurdvmProcess hv, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "hurdvm.jar").toAbsolutePath().toString(), "serve"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HURDVM_HOME", hv.home().toString());
        pb.environment().putAll(env);
        Path output = Files.createTempFile(hv.home(), "serve", ".log");
        pb.redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = SERVING.matcher(Files.readString(output));
            if (m.find()) {
                return new ServeProcess(p, output, URI.create(m.group(1)));
            }
            if (!p.isAlive()) {
                throw new AssertionError("hurdvm serve exited with " + p.exitValue() + ": " + Files.readString(output));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("hurdvm serve did not say where it listens within 60s: " + Files.readString(output));
    }

    public URI base() {
        return base;
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    /** SIGTERM, as {@code docker stop} sends; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("hurdvm serve did not exit within " + timeout + " of SIGTERM: " + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
