package io.hurdvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a connection's single reader thread: reads every message QEMU sends and routes it — the
 * greeting to the connect call, replies to their callers by {@code id}, events to the dispatcher — until
 * the socket closes, then reports why.
 */
final class QmpReader implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(QmpReader.class);

    private final QmpSocket socket;
    private final CompletableFuture<QmpGreeting> greeting;
    private final PendingReplies pending;
    private final EventDispatcher events;
    private final Consumer<QmpConnectionClosedException> onClosed;

    QmpReader(QmpSocket socket, CompletableFuture<QmpGreeting> greeting, PendingReplies pending,
              EventDispatcher events, Consumer<QmpConnectionClosedException> onClosed) {
        this.socket = socket;
        this.greeting = greeting;
        this.pending = pending;
        this.events = events;
        this.onClosed = onClosed;
    }

    @Override
    public void run() {
        try {
            for (JsonNode json = socket.readMessage(); json != null; json = socket.readMessage()) {
                route(json);
            }
            onClosed.accept(new QmpConnectionClosedException("QEMU closed the QMP connection at " + socket.path()));
        } catch (IOException | RuntimeException e) {
            onClosed.accept(new QmpConnectionClosedException(
                    "QMP connection at " + socket.path() + " failed: " + e, e));
        }
    }

    private void route(JsonNode json) {
        try {
            switch (QmpMessage.parse(json)) {
                case QmpMessage.Greeting hello -> greeting.complete(hello.greeting());
                case QmpMessage.Success success -> routeReply(success.id(), success);
                case QmpMessage.Failure failure when failure.id().isMissingNode() ->
                        log.warn("QEMU rejected a request it could not parse: {}: {}", failure.errorClass(),
                                failure.description());
                case QmpMessage.Failure failure -> routeReply(failure.id(), failure);
                case QmpMessage.Event event -> events.dispatch(event.event());
                case QmpMessage.Unrecognized other ->
                        log.warn("Ignoring unrecognized QMP message with fields {}", fieldNames(other.raw()));
            }
        } catch (QmpProtocolException e) {
            greeting.completeExceptionally(e);
        } catch (RuntimeException e) {
            // One bad message must not stop replies to everyone else.
            log.error("Failed to handle a QMP message; the connection stays up", e);
        }
    }

    private void routeReply(JsonNode id, QmpMessage reply) {
        if (!pending.complete(id, reply)) {
            log.debug("Dropping QMP reply for id {}: its caller gave up (timed out) or it is not ours", id);
        }
    }

    /** Field names only: values may be anything QEMU sends, and they do not belong in logs. */
    private static String fieldNames(JsonNode json) {
        Iterable<String> names = json::fieldNames;
        return json.isObject() ? String.join(",", names) : json.getNodeType().toString();
    }
}
