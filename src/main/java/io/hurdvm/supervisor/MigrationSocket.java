package io.hurdvm.supervisor;

import io.hurdvm.instance.QemuWorkDir;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Unix socket that QEMU connects to for an outgoing migration ({@code migrate unix:PATH}), in QEMU's
 * work folder ({@link QemuWorkDir#socket}) and handed to the user QEMU runs as: QEMU connects after
 * it dropped root. Accepting has a deadline: a QEMU that never connects must not hang the save.
 */
final class MigrationSocket implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;

    private MigrationSocket(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    static MigrationSocket listen(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        QemuWorkDir.handOver(path);
        return new MigrationSocket(path, server);
    }

    String uri() {
        return "unix:" + path;
    }

    SocketChannel accept(Duration timeout) throws IOException {
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)).thenRun(this::closeQuietly);
        try {
            return server.accept();
        } catch (IOException e) {
            throw new IOException("QEMU did not connect to " + path + " within " + timeout.toSeconds() + " s", e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private void closeQuietly() {
        try {
            server.close();
        } catch (IOException e) {
            // closing only ends the accept
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
