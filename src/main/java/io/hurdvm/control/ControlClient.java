package io.hurdvm.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.JsonFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Sends one request to a supervisor's control socket and returns the result or throws. */
public final class ControlClient {
    private final Path socket;

    public ControlClient(Path socket) {
        this.socket = socket;
    }

    public static ObjectNode request(ControlOp op) {
        return JsonFiles.MAPPER.createObjectNode().put("op", op.wireName());
    }

    public JsonNode call(ObjectNode request, Duration timeout) {
        return call(request, timeout, null);
    }

    /** Like {@link #call(ObjectNode, Duration)}, handing each step the supervisor reports to {@code progress}. */
    public JsonNode call(ObjectNode request, Duration timeout, Consumer<String> progress) {
        if (progress != null) {
            request.put("progress", true);
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new ControlException("cannot reach the supervisor at " + socket + ": " + e.getMessage());
        }
        CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> exchange(ch, request, progress));
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closeQuietly(ch); // unblocks the reading thread instead of leaving it parked forever
            throw new ControlException("supervisor did not answer '" + request.path("op").asText() + "' within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new ControlException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted");
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private JsonNode exchange(SocketChannel ch, ObjectNode request, Consumer<String> progress) {
        try (ch;
             OutputStream out = Channels.newOutputStream(ch);
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))) {
            out.write((JsonFiles.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(request) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            JsonNode reply;
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new ControlException("supervisor closed the control connection without answering");
                }
                reply = JsonFiles.MAPPER.readTree(line);
                if (!reply.has("progress")) {
                    break;
                }
                if (progress != null) {
                    progress.accept(reply.path("progress").asText());
                }
            }
            if (!reply.path("ok").asBoolean()) {
                throw new ControlException(reply.path("error").asText("unknown error"),
                        reply.hasNonNull("errorClass") ? reply.get("errorClass").asText() : null);
            }
            return reply.path("result");
        } catch (IOException e) {
            throw new ControlException("cannot reach the supervisor at " + socket + ": " + e.getMessage());
        }
    }
}
