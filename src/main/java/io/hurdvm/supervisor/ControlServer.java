package io.hurdvm.supervisor;

import io.hurdvm.control.ControlException;
import io.hurdvm.errors.ErrorText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.JsonFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's control socket: one JSON request line per connection, one JSON reply line.
 * Replies are {@code {"ok":true,"result":...}} or {@code {"ok":false,"error":"one line"}}.
 * The socket is mode 0600 inside a 0700 folder: only the instance's owner can control it.
 */
public final class ControlServer implements java.io.Closeable {
    /**
     * Handles one request; throws {@link ControlException} for errors meant for the caller. Long
     * operations report their steps through {@code progress}, which reaches the caller as they happen
     * when it asked for progress.
     */
    @FunctionalInterface
    public interface Handler {
        JsonNode handle(String op, JsonNode request, Consumer<String> progress) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final long REPLY_GRACE_SECONDS = 10;
    private final ServerSocketChannel server;
    private final Path path;
    /** Set once by serve(), before the acceptor thread starts (which publishes it). */
    private Handler handler;
    private final Thread acceptor;
    /** Requests being answered; close() lets them finish so a 'down' caller gets its reply. */
    private final java.util.concurrent.Phaser inFlight = new java.util.concurrent.Phaser(1);

    private ControlServer(ServerSocketChannel server, Path path) {
        this.server = server;
        this.path = path;
        this.acceptor = Thread.ofPlatform().daemon().name("control-accept").unstarted(this::acceptLoop);
    }

    public static ControlServer start(Path path, Handler handler) throws IOException {
        return bind(path).serve(handler);
    }

    /**
     * Binds the socket without answering yet: a client connects at once and its request waits in
     * the socket's backlog until {@link #serve} (so the supervisor can start QEMU first, and a
     * 'down' that comes right after 'up' is answered instead of refused).
     */
    public static ControlServer bind(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlServer(ch, path);
    }

    /** Starts answering requests (those waiting since {@link #bind} first); once only. */
    public ControlServer serve(Handler handler) {
        this.handler = handler;
        acceptor.start();
        return this;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                inFlight.register();
                Thread.ofVirtual().name("control-client").start(() -> {
                    try {
                        serve(client);
                    } finally {
                        inFlight.arriveAndDeregister();
                    }
                });
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("control socket accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(client)) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            ObjectNode reply = JsonFiles.MAPPER.createObjectNode();
            try {
                JsonNode request = JsonFiles.MAPPER.readTree(line);
                Consumer<String> progress = request.path("progress").asBoolean(false)
                        ? message -> writeLine(out, JsonFiles.MAPPER.createObjectNode().put("progress", message))
                        : message -> { };
                JsonNode result = handler.handle(request.path("op").asText(""), request, progress);
                reply.put("ok", true);
                reply.set("result", result);
            } catch (ControlException e) {
                reply.put("ok", false).put("error", e.getMessage());
                if (e.errorClass() != null) {
                    reply.put("errorClass", e.errorClass());
                }
            } catch (Exception e) {
                LOG.warn("control request failed", e);
                reply.put("ok", false).put("error", ErrorText.of(e));
            }
            writeLine(out, reply);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("control client went away: {}", e.getMessage());
        }
    }

    /** One JSON object per line; progress lines and the reply may come from different threads. */
    private static void writeLine(OutputStream out, ObjectNode value) {
        synchronized (out) {
            try {
                out.write((JsonFiles.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
        try {
            inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), REPLY_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("control requests still running after {}s at shutdown", REPLY_GRACE_SECONDS);
        }
    }
}
