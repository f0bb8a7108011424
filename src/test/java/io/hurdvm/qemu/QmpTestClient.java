package io.hurdvm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Just enough QMP for tests to ask a real QEMU what it was configured with (the production QMP
 * client lives in another package). Every read has a deadline; on expiry the socket is closed.
 */
final class QmpTestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private final SocketChannel channel;
    private final BufferedReader in;

    QmpTestClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        JsonNode greeting = readLine();
        if (!greeting.has("QMP")) {
            throw new IOException("not a QMP greeting: " + greeting);
        }
        execute("qmp_capabilities");
    }

    /** Sends a command and returns its "return" value, skipping asynchronous events. */
    JsonNode execute(String command) throws IOException {
        channel.write(ByteBuffer.wrap(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8)));
        while (true) {
            JsonNode reply = readLine();
            if (reply.has("return")) {
                return reply.get("return");
            }
            if (reply.has("error")) {
                throw new IOException(command + ": " + reply.get("error"));
            }
        }
    }

    private JsonNode readLine() throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
        try {
            String text = line.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new IOException("QMP socket closed");
            }
            return JSON.readTree(text);
        } catch (java.util.concurrent.TimeoutException e) {
            channel.close();
            throw new IOException("no QMP reply within " + READ_TIMEOUT.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
            throw new IOException("QMP read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
