package io.hurdvm.supervisor;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.proc.ChildEnvironment;
import io.hurdvm.proc.PrivateFilesCommand;
import io.hurdvm.secret.JdkEd25519Registrar;
import io.hurdvm.vm.InstanceName;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Starts the supervisor as a daemon that outlives the CLI: its own session ({@code setsid}, so a
 * terminal hang-up or Ctrl-C does not reach it), umask 077, stdin from /dev/null, a scrubbed environment, and
 * a fresh run id that the caller then waits for. It logs to supervisor.log itself (rotated); its
 * stdout and stderr catch only what the JVM prints before logging starts or when it crashes.
 */
public final class SupervisorSpawner {
    /**
     * Small heap and a simple collector: a supervisor mostly waits on sockets (16 MiB of live heap
     * measured); the free ratios make the heap shrink back after a burst. C2 compiles nothing but the
     * JDK's AES-GCM and SHA-256 (their AES-NI/SHA-NI code runs only from C2 code: a scheduled
     * encrypted backup ran at 13 MiB/s C1-only), and those after a few calls: C2 everywhere cost
     * 25-30 MiB RSS more (bench/loop/RESULTS.md). C1 itself compiles a method at 30 times its default
     * thresholds: C1 code never goes on to C2 here, so it is profiled code (tier 3) for good, and it
     * and its profiles cost RSS for methods that a supervisor runs a few hundred times at start and
     * rarely after: 82 -> 76.5 MiB RSS per supervisor, no more CPU to "ssh ready" (docs/decisions.md).
     * The crypto methods' scaling applies to these thresholds too, so they still compile at once.
     * {@code quiet} keeps the notes out of supervisor.out.
     * MINA SSHD takes ed25519 from the JDK, not from BouncyCastle ({@link JdkEd25519Registrar}): BouncyCastle's
     * provider cost each supervisor about 25 MiB RSS (issue 14).
     * zstd-jni's native code (scheduled backups' disk streams) may load without the JDK's warning on
     * every load (JEP 472); the jar's manifest says the same for {@code java -jar}.
     */
    static final List<String> JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED", "-Xms8m", "-Xmx96m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:+UseSerialGC", "-Xss512k", "-XX:Tier4InvocationThreshold=100000000", "-XX:Tier4MinInvocationThreshold=100000000",
            "-XX:Tier4CompileThreshold=100000000", "-XX:Tier4BackEdgeThreshold=100000000", "-XX:Tier3InvocationThreshold=6000",
            "-XX:Tier3MinInvocationThreshold=3000", "-XX:Tier3CompileThreshold=60000", "-XX:Tier3BackEdgeThreshold=1800000",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.000001",
            "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.000001", "-Dhurdvm.log.level=INFO",
            "-D" + SecurityUtils.SECURITY_PROVIDER_REGISTRARS + "=" + JdkEd25519Registrar.REGISTRARS,
            "-D" + SupervisorLogConfigurator.PROPERTY + "=true");

    /**
     * Memory the C heap keeps after a burst goes back to the system every few seconds (glibc keeps
     * freed memory; measured 4-6 MiB of a supervisor's RSS, issue 14). A product flag from JDK 22 on.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";
    /**
     * Two glibc malloc arenas, not 8 per core: a supervisor's threads mostly wait on sockets, and
     * every arena holds freed memory of its own.
     */
    static final String MALLOC_ARENAS = "2";

    /** {@link #JVM_OPTIONS} plus those that this JVM's version knows (the supervisor runs on the same java). */
    static List<String> jvmOptions(int javaFeature) {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        if (javaFeature >= 22) {
            options.add(TRIM_NATIVE_HEAP);
        }
        return options;
    }

    /** A started supervisor and the run id it records in state.json. */
    public record Spawned(ProcessHandle process, String runId) {
    }

    private SupervisorSpawner() {
    }

    public static String newRunId() {
        return UUID.randomUUID().toString();
    }

    /** The redirect would create the file with this process's umask; it is created 0600 first. */
    private static File ownerOnlyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        return file.toFile();
    }

    /**
     * @param entry the class whose {@code main} runs the supervisor ({@code lifecycle.SupervisorProcess}:
     *              it adds the scheduled actions made above this layer, so it is named by its caller)
     */
    public static Spawned spawn(Path home, InstancePaths paths, Class<?> entry) {
        String runId = newRunId();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> jvm = new ArrayList<>(List.of(java));
        jvm.addAll(jvmOptions(Runtime.version().feature()));
        String classpath = RuntimeSnapshot.classpath(home);
        if (SupervisorClassArchive.applies(classpath)) {
            jvm.addAll(new SupervisorClassArchive(jvm, classpath).options(runId));
        }
        jvm.addAll(List.of("-cp", classpath, entry.getName()));
        jvm.addAll(new SupervisorArguments(InstanceName.of(paths.name()), runId, true).toArgs());
        if (ORPHANED.get()) {
            return spawnOrphaned(home, paths, jvm, runId);
        }
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(PrivateFilesCommand.of(jvm));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ownerOnlyFile(paths.dir().resolve("supervisor.out"))))
                .redirectErrorStream(true);
        ChildEnvironment.restrict(pb.environment(), ChildEnvironment.SUPERVISOR);
        pb.environment().put("HURDVM_HOME", home.toString());
        pb.environment().put("MALLOC_ARENA_MAX", MALLOC_ARENAS);
        try {
            return new Spawned(pb.start().toHandle(), runId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the supervisor: " + e.getMessage(), e);
        }
    }

    /**
     * Whether supervisors are started as orphans: for a short-lived caller (the CLI). A JVM that
     * exits while a child of its own still runs spends 300 ms in {@code System.exit}: the thread
     * reaping that child waits in native code, and the JVM's exit waits that long for threads in
     * native code to stop (measured: 0.32 s of every {@code up}, bench/templates). A long-lived caller
     * (serve) keeps them as children: it reaps them, even as PID 1 of a container.
     */
    private static final AtomicBoolean ORPHANED = new AtomicBoolean();

    /** For a process that exits soon after starting supervisors (the CLI): see {@link #ORPHANED}. */
    public static void startOrphans() {
        ORPHANED.set(true);
    }

    /**
     * A shell starts the supervisor in the background (umask 077, its own session), tells its pid and
     * exits at once: the supervisor is nobody's child here, and is watched by its pid. In a
     * non-interactive shell the background job shares the shell's process group, so {@code setsid}
     * makes the session without forking again and {@code $!} is the supervisor's own pid.
     */
    static final String ORPHAN_SCRIPT = "umask 077 && { setsid \"$0\" \"$@\" 2>&1 & } && echo $! >&2";

    private static Spawned spawnOrphaned(Path home, InstancePaths paths, List<String> jvm, String runId) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", ORPHAN_SCRIPT));
        cmd.addAll(jvm);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ownerOnlyFile(paths.dir().resolve("supervisor.out"))));
        ChildEnvironment.restrict(pb.environment(), ChildEnvironment.SUPERVISOR);
        pb.environment().put("HURDVM_HOME", home.toString());
        pb.environment().put("MALLOC_ARENA_MAX", MALLOC_ARENAS);
        try {
            Process shell = pb.start();
            String said;
            try (var err = new BufferedReader(new InputStreamReader(shell.getErrorStream(), StandardCharsets.US_ASCII))) {
                said = err.readLine();
            }
            shell.waitFor();
            if (said == null || !said.strip().matches("[0-9]+")) {
                throw new IOException("the shell starting it said '" + said + "' (exit " + shell.exitValue() + ")");
            }
            // Gone already (it failed at once): the dead shell stands in, and the wait reports it.
            return new Spawned(ProcessHandle.of(Long.parseLong(said.strip())).orElse(shell.toHandle()), runId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the supervisor: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the supervisor", e);
        }
    }
}
