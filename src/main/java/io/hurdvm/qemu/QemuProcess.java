package io.hurdvm.qemu;

import io.hurdvm.proc.ProcessIdentity;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** A running (or finished) QEMU started by {@link QemuLauncher}; the pid is QEMU's own. */
public final class QemuProcess implements VmProcess {
    /** "-msg timestamp=on" prefix, e.g. "2026-11-27T09:51:37.269270Z ". */
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ");
    private static final int TAIL_BYTES = 16 * 1024;

    private final Process process;
    private final List<String> argv;
    private final Path logFile;
    private final long logOffset;
    private final Instant startedAt;
    private volatile ProcessIdentity identity;

    QemuProcess(Process process, List<String> argv, Path logFile, long logOffset, Instant startedAt) {
        this.process = process;
        this.argv = List.copyOf(argv);
        this.logFile = logFile;
        this.logOffset = logOffset;
        this.startedAt = startedAt;
    }

    /** Read from /proc once: a child cannot be recycled before we reap it, so this is exact. */
    @Override
    public ProcessIdentity identity() {
        ProcessIdentity id = identity;
        if (id == null) {
            id = ProcessIdentity.of(process.pid()).orElse(new ProcessIdentity(process.pid(), 0));
            if (id.startTicks() != 0) {
                identity = id;
            }
        }
        return id;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with QEMU's exit code (128 + signal number when killed by a signal). */
    @Override
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** SIGKILL through the process handle: no risk of hitting a recycled pid. */
    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    public List<String> argv() {
        return argv;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * QEMU's own complaint from this start, as one line without timestamp, program name or the echo of
     * the offending option, e.g. "Could not set up host forwarding rule 'tcp:127.0.0.1:2222-:22'".
     * Only output written since this process started counts; warnings are skipped when an error follows.
     */
    @Override
    public Optional<String> startupFailure() {
        return failureLine(logTail(), Path.of(argv.getFirst()).getFileName().toString());
    }

    /** The error line in {@code log} (QEMU output of one start), see {@link #startupFailure}. */
    static Optional<String> failureLine(String log, String program) {
        List<String> lines = log.lines().map(l -> TIMESTAMP.matcher(l).replaceFirst("").strip())
                .filter(l -> !l.isEmpty()).toList();
        Optional<String> error = lines.reversed().stream().filter(l -> !l.contains("warning:")).findFirst();
        return error.or(() -> lines.isEmpty() ? Optional.empty() : Optional.of(lines.getLast())).map(l -> withoutPrefixes(l, program + ": "));
    }

    private static String withoutPrefixes(String line, String program) {
        String message = line.startsWith(program) ? line.substring(program.length()) : line;
        // "-netdev user,...: Could not ..." : QEMU echoes the option it failed on before the message.
        int echoEnd = message.indexOf(": ");
        return message.startsWith("-") && echoEnd > 0 ? message.substring(echoEnd + 2) : message;
    }

    /** At most the last 16 KiB written to the log since this start. */
    private String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(logOffset, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) Math.max(0, file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
