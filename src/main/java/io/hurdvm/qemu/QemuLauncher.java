package io.hurdvm.qemu;

import io.hurdvm.time.Deadline;
import io.hurdvm.time.Backoff;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.hurdvm.proc.ChildEnvironment;
import io.hurdvm.proc.PrivateFilesCommand;
import io.hurdvm.proc.ProcStat;

/**
 * Starts QEMU in a session of its own ({@code setsid}), so Ctrl-C in a terminal or a signal to the
 * supervisor's process group never reaches it: only the supervisor stops QEMU, by QMP or by pid.
 *
 * <p>{@code setsid} forks only when it is a process-group leader; a child of the JVM is not, so it
 * calls setsid() and execs QEMU in place: the pid we hold is QEMU's own. {@link #launch} checks this
 * (the pid becomes its session's leader) rather than trusting it.
 */
public final class QemuLauncher implements VmLauncher {
    private static final Duration SESSION_CHECK_TIMEOUT = Duration.ofSeconds(5);
    private final String setsid;

    public QemuLauncher() {
        this("setsid");
    }

    public QemuLauncher(String setsid) {
        this.setsid = setsid;
    }

    /** Starts {@code argv}; stdin is /dev/null, stdout and stderr are appended to {@code logFile}. */
    @Override
    public QemuProcess launch(List<String> argv, Path logFile) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty QEMU command");
        }
        long logOffset = writeHeader(logFile, argv);
        List<String> command = new ArrayList<>(List.of(setsid));
        command.addAll(PrivateFilesCommand.of(argv));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            ChildEnvironment.restrict(builder.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new QemuLaunchException("cannot start `" + setsid + " " + argv.getFirst() + "`: " + e.getMessage(), e);
        }
        QemuProcess qemu = new QemuProcess(process, argv, logFile, logOffset, Instant.now());
        awaitOwnSession(qemu);
        return qemu;
    }

    /** Header line in the (shared, appended) log; argv carries no secrets, those are passed by file. */
    private static long writeHeader(Path logFile, List<String> argv) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            String header = "--- hurdvm: starting QEMU at " + Instant.now() + ": " + String.join(" ", argv) + "\n";
            Files.writeString(logFile, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return Files.size(logFile);
        } catch (IOException e) {
            throw new QemuLaunchException("cannot write QEMU log " + logFile + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the pid leads its own session; a process that already exited is left to the caller. */
    private static void awaitOwnSession(QemuProcess qemu) {
        Deadline deadline = Deadline.after(SESSION_CHECK_TIMEOUT);
        // setsid() and exec take microseconds (the shell's umask a little more): look at /proc often.
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(20));
        while (qemu.isAlive()) {
            Optional<Long> session = ProcStat.sessionId(qemu.pid());
            if (session.isPresent() && session.get() == qemu.pid()) {
                return;
            }
            if (deadline.passed()) {
                qemu.kill();
                throw new QemuLaunchException("QEMU pid " + qemu.pid() + " did not become leader of its own session"
                        + " within " + SESSION_CHECK_TIMEOUT.toSeconds() + " s (session " + session.orElse(-1L) + "); killed it");
            }
            try {
                backoff.pause(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                qemu.kill();
                throw new QemuLaunchException("interrupted while starting QEMU; killed pid " + qemu.pid(), e);
            }
        }
    }
}
