package io.hurdvm.qmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real QEMU process for integration tests, with its QMP monitor on a Unix socket in a short private
 * directory under /tmp (socket paths must fit in 107 bytes, JUnit's temp dirs may not). Closing it
 * kills that process (by its handle, nothing else) and deletes the directory.
 */
public final class QemuProcessFixture implements AutoCloseable {
    public static final String QEMU = "qemu-system-x86_64";
    /** No machine at all: the cheapest QEMU that still answers QMP. */
    public static final List<String> NO_MACHINE = List.of("-machine", "none", "-nodefaults", "-display", "none",
            "-accel", "tcg");
    /** A diskless PC that sits in firmware forever: enough for run-state and power events. */
    public static final List<String> TINY_PC = List.of("-machine", "q35", "-accel", "tcg", "-m", "64",
            "-display", "none", "-nodefaults");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final Path qmpSocket;
    private final Process process;

    private QemuProcessFixture(Path qmpSocket, Process process) {
        this.directory = qmpSocket.getParent();
        this.qmpSocket = qmpSocket;
        this.process = process;
    }

    /** A fresh socket path in a new short directory; the fixture started on it deletes the directory. */
    public static Path newSocketPath() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "hvqmp").resolve("qmp.sock");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts QEMU with {@code qemuArgs} plus a QMP server socket, and waits for the socket to exist. */
    public static QemuProcessFixture start(List<String> qemuArgs) {
        return start(newSocketPath(), qemuArgs);
    }

    public static QemuProcessFixture start(Path qmpSocket, List<String> qemuArgs) {
        List<String> command = new ArrayList<>(List.of(QEMU));
        command.addAll(qemuArgs);
        command.addAll(List.of("-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
        Path log = qmpSocket.resolveSibling("qemu.log");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + QEMU + "; is it installed?", e);
        }
        QemuProcessFixture fixture = new QemuProcessFixture(qmpSocket, process);
        try {
            fixture.awaitSocket();
            return fixture;
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
    }

    public QmpClient connect() {
        return QmpClient.connect(qmpSocket, CONNECT_TIMEOUT);
    }

    public Path qmpSocket() {
        return qmpSocket;
    }

    public Process process() {
        return process;
    }

    /** SIGSTOP: QEMU stays alive with its socket open but answers nothing, like a hung QEMU. */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    public void resume() {
        signal("CONT");
    }

    /** SIGKILL, then waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        if (!awaitExit(Duration.ofSeconds(10))) {
            throw new IllegalStateException("QEMU pid " + process.pid() + " survived SIGKILL for 10 s");
        }
    }

    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** QEMU's own stdout and stderr, for assertion messages. */
    public String output() {
        try {
            Path log = qmpSocket.resolveSibling("qemu.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }

    private void awaitSocket() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (!Files.exists(qmpSocket)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("QEMU exited with " + process.exitValue()
                        + " before creating its QMP socket: " + output());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("QEMU did not create " + qmpSocket + " within " + STARTUP_TIMEOUT
                        + ": " + output());
            }
            // Poll: nothing to block on for a file to appear, but an early exit of QEMU ends the pause.
            awaitExit(Duration.ofMillis(20));
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling QEMU", e);
        }
    }
}
