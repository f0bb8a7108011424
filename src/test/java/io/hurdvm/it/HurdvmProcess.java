package io.hurdvm.it;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code hurdvm} (the packaged jar, as users do) against a private HURDVM_HOME, and
 * cleans up after itself: every supervisor and QEMU it caused is stopped by pid.
 */
public final class HurdvmProcess implements AutoCloseable {
    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private final Path home;
    /** What {@link #close} deletes: the home, or the short folder a long home was made in. */
    private final Path root;
    private final Map<String, String> env = new HashMap<>();

    public HurdvmProcess() throws IOException {
        // Short path: Unix socket paths must fit in 107 bytes.
        this(Files.createTempDirectory(Path.of("/tmp"), "hvit"), 0);
    }

    private HurdvmProcess(Path root, int depth) throws IOException {
        this.root = root;
        Path dir = root;
        for (int i = 0; i < depth; i++) {
            dir = dir.resolve("a-folder-name-of-thirty-bytes-" + i);
        }
        this.home = Files.createDirectories(dir);
        env.put("HURDVM_HOME", home.toString());
    }

    /** A home too long for Unix sockets inside its instance folders (over 107 bytes with them). */
    public static HurdvmProcess withLongHome() throws IOException {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "hvit");
        // As HURDVM_HOME itself is: QEMU, when it runs as its own user, passes through to its work folder.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        return new HurdvmProcess(root, 3);
    }

    public Path home() {
        return home;
    }

    public HurdvmProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public Path instanceDir(String name) {
        return home.resolve("instances").resolve(name);
    }

    public InstanceState state(String name) {
        return JsonFiles.read(instanceDir(name).resolve("state.json"), InstanceState.class);
    }

    public Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        return start(args).await(timeout);
    }

    /** A hurdvm command started but not yet waited for: for tests of two callers at once. */
    public final class Running {
        private final Process process;
        private final List<String> args;
        private final Path out;
        private final Path err;

        private Running(Process process, List<String> args, Path out, Path err) {
            this.process = process;
            this.args = args;
            this.out = out;
            this.err = err;
        }

        /** SIGTERM, as {@code kill PID}, docker stop or a CI runner's cancel send it. */
        public void terminate() {
            process.destroy();
        }

        public Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("hurdvm " + String.join(" ", args) + " did not finish within " + timeout
                        + "; stderr: " + Files.readString(err));
            }
            Result r = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        }
    }

    public Running start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return start(cmd, List.of(args), new java.io.File("/dev/null"));
    }

    /**
     * Through the repo's {@code ./hurdvm} launcher (which other runs skip), with {@code stdin} on its
     * stdin: for what the launcher does before (or instead of) starting the JVM.
     */
    public Result runThroughLauncher(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of("hurdvm").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return start(cmd, List.of(args), stdin.toFile()).await(Duration.ofMinutes(3));
    }

    private Running start(List<String> cmd, List<String> args, java.io.File stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(stdin));
        return new Running(pb.start(), args, out, err);
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(3), args);
    }

    static Path jar() {
        Path jar = Path.of("target", "hurdvm.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after 'mvn package'");
        }
        return jar;
    }

    /** Stops every instance this home has running, by the pids their supervisors recorded. */
    @Override
    public void close() throws IOException {
        Path instances = home.resolve("instances");
        if (Files.isDirectory(instances)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(instances)) {
                for (Path dir : ds) {
                    stopByPid(dir);
                }
            }
        }
        // Whatever escaped the records (a test of orphans or of racing starts): found by this home, ours by construction.
        HomeProcesses.supervisors(home).forEach(HurdvmProcess::kill);
        HomeProcesses.qemus(home).forEach(HurdvmProcess::kill);
        deleteTree(root);
    }

    private static void stopByPid(Path dir) {
        Path pidFile = dir.resolve("supervisor.pid");
        Path stateFile = dir.resolve("state.json");
        try {
            if (Files.exists(stateFile)) {
                InstanceState s = JsonFiles.read(stateFile, InstanceState.class);
                kill(s.qemuPid());
                kill(s.supervisorPid());
            }
            if (Files.exists(pidFile)) {
                kill(Long.parseLong(Files.readString(pidFile).trim()));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("cleanup of " + dir + ": " + e.getMessage());
        }
    }

    private static void kill(long pid) {
        if (pid <= 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
