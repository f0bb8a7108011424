package io.hurdvm.supervisor;

import io.hurdvm.instance.InstancePaths;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the supervisor as a daemon that outlives the CLI: its own session ({@code setsid}, so a
 * terminal hang-up or Ctrl-C does not reach it), stdin from /dev/null, output to supervisor.log.
 */
public final class SupervisorSpawner {
    /** Small heap and a simple collector: a supervisor mostly waits on sockets. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms16m", "-Xmx96m", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-Dhurdvm.log.level=INFO");

    private SupervisorSpawner() {
    }

    public static ProcessHandle spawn(Path home, InstancePaths paths) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of("setsid", java));
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-cp", RuntimeSnapshot.classpath(home), "io.hurdvm.cli.HurdvmCommand",
                "_supervise", paths.name()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.supervisorLog().toFile()))
                .redirectErrorStream(true);
        pb.environment().put("HURDVM_HOME", home.toString());
        try {
            return pb.start().toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the supervisor: " + e.getMessage(), e);
        }
    }
}
