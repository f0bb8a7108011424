package io.hurdvm.storage.nbd;

import io.hurdvm.time.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real qemu-nbd servers and qcow2 images in a test's temporary folder; {@link #close} stops the servers
 * it started. As a {@code @RegisterExtension} field, it makes a folder of its own for each test and,
 * after the test, stops its servers and deletes that folder.
 */
public final class QemuNbdServers implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    public static final long MIB = 1 << 20;
    private Path dir;
    private boolean ownsDir;
    private final List<Process> servers = new ArrayList<>();
    private int started;

    /** For {@code @RegisterExtension}. */
    public QemuNbdServers() {
    }

    public QemuNbdServers(Path dir) {
        this.dir = dir;
    }

    /** The folder the images and sockets go in. */
    public Path dir() {
        return dir;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("qemu-nbd-test");
        ownsDir = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException, InterruptedException {
        close();
        if (ownsDir) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public Path image(int mib) throws IOException, InterruptedException {
        Path image = dir.resolve("disk-" + mib + "-" + System.nanoTime() + ".qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), mib + "M");
        return image;
    }

    public static void qemuIo(Path image, String command) throws IOException, InterruptedException {
        run("qemu-io", "-f", "qcow2", "-c", command, image.toString());
    }

    /** Serves {@code image} as export "disk" on a new Unix socket; waits until it listens. */
    public Path serve(Path image, String... options) throws IOException, InterruptedException {
        int n = started++;
        Path sock = dir.resolve("nbd-" + n + ".sock");
        Path log = dir.resolve("qemu-nbd-" + n + ".log");
        // Written after listen(); the socket file appears at bind(), when a connection is still refused.
        Path listening = dir.resolve("qemu-nbd-" + n + ".pid");
        List<String> argv = new ArrayList<>(List.of("qemu-nbd", "--persistent", "--shared=4", "--format=qcow2", "--export-name=disk",
                "--socket=" + sock, "--pid-file=" + listening));
        argv.addAll(List.of(options));
        argv.add(image.toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        servers.add(p);
        Deadline deadline = Deadline.after(Duration.ofSeconds(20));
        while (!Files.exists(listening)) {
            if (!p.isAlive() || deadline.passed()) {
                throw new IOException("qemu-nbd did not listen: " + Files.readString(log));
            }
            deadline.pause(Duration.ofMillis(20));
        }
        return sock;
    }

    /** Freezes every server started here (SIGSTOP): a QEMU that stopped answering. {@link #close} thaws them first. */
    public void freeze() throws IOException, InterruptedException {
        signalAll("-STOP");
    }

    private void signalAll(String signal) throws IOException, InterruptedException {
        for (Process p : servers) {
            if (p.isAlive()) {
                run("kill", signal, Long.toString(p.pid()));
            }
        }
    }

    public static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            signalAll("-CONT"); // a frozen process would not act on the SIGTERM below
        } catch (IOException e) {
            throw new IllegalStateException("cannot thaw the qemu-nbd servers: " + e.getMessage(), e);
        }
        for (Process p : servers) {
            p.destroy(); // the qemu-nbd started here, by its handle
            p.waitFor();
        }
        servers.clear();
    }
}
