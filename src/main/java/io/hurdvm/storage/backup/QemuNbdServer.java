package io.hurdvm.storage.backup;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.time.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A qemu-nbd serving one new qcow2 for one connection, on a Unix socket in a private folder (the
 * restore's staging folder, or the new instance's socket folder when that path is too long): the
 * restore writes a format-3 backup's extents into it. qemu-nbd exits by itself when that connection
 * ends (it then closes the image cleanly); {@link #close} waits for that and ends it (by its handle)
 * only if it does not.
 */
final class QemuNbdServer implements AutoCloseable {
    static final String EXPORT = "disk";
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration EXIT = Duration.ofSeconds(30);
    private final Process process;
    private final Path log;

    private QemuNbdServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static QemuNbdServer serve(Path image, Path socket) throws IOException {
        if (!InstancePaths.socketPathFits(socket.toAbsolutePath())) {
            throw new BackupException("the NBD socket path " + socket + " is longer than a Unix socket allows: use a shorter HURDVM_HOME");
        }
        // In the private staging folder (the socket may not be). qemu-nbd writes its pid file after
        // listen(): the socket file appears at bind(), and a connection then is refused.
        Path log = image.resolveSibling("qemu-nbd.log");
        Path listening = image.resolveSibling("qemu-nbd.pid");
        Files.deleteIfExists(listening);
        Process p = new ProcessBuilder(List.of("qemu-nbd", "--format=qcow2", "--export-name=" + EXPORT, "--socket=" + socket.toAbsolutePath(),
                "--pid-file=" + listening.toAbsolutePath(), image.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        QemuNbdServer server = new QemuNbdServer(p, log);
        Deadline deadline = Deadline.after(START);
        try {
            while (!Files.exists(listening)) {
                if (!p.isAlive()) {
                    throw new BackupException("qemu-nbd could not serve " + image.getFileName() + ": " + server.logLine());
                }
                if (deadline.passed()) {
                    throw new BackupException("qemu-nbd did not listen within " + START.toSeconds() + " s");
                }
                deadline.pause(Duration.ofMillis(10));
            }
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new BackupException("interrupted while starting qemu-nbd");
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Waits for qemu-nbd to exit after its one client left; fails if it did not exit cleanly. */
    void awaitCleanExit() throws InterruptedException {
        if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new BackupException("qemu-nbd did not close the restored disk cleanly: " + logLine());
        }
    }

    private String logLine() {
        try {
            String text = Files.readString(log).strip();
            return text.isEmpty() ? "no message" : text.lines().reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            return "no message";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // the qemu-nbd started here, by its handle
            try {
                process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
