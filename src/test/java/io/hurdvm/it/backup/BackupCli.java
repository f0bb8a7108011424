package io.hurdvm.it.backup;

import io.hurdvm.it.HurdvmProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code hurdvm backup ...} from the packaged jar as its own process (so it can be killed), against
 * the HURDVM_HOME of a {@link HurdvmProcess}.
 */
final class BackupCli {
    private final HurdvmProcess hv;
    private final Map<String, String> env = new HashMap<>();

    BackupCli(HurdvmProcess hv) {
        this.hv = hv;
    }

    BackupCli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** A started backup process whose stderr (the progress) goes to a file. */
    record Running(Process process, Path stdout, Path stderr) {
        String progress() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }
    }

    Running start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "hurdvm.jar").toAbsolutePath().toString(), "backup"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HURDVM_HOME", hv.home().toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(hv.home(), "bout", ".txt");
        Path err = Files.createTempFile(hv.home(), "berr", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new Running(pb.start(), out, err);
    }

    HurdvmProcess.Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        Running r = start(args);
        if (!r.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            r.process().destroyForcibly();
            throw new AssertionError("backup " + String.join(" ", args) + " did not finish within " + timeout + "; stderr: " + r.progress());
        }
        return new HurdvmProcess.Result(r.process().exitValue(), Files.readString(r.stdout()), r.progress());
    }

    HurdvmProcess.Result run(String... args) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(5), args);
    }
}
