package io.hurdvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commands sent and not yet answered, keyed by the {@code id} QEMU echoes in its reply. Once the
 * connection is closed every pending and later command fails at once instead of waiting for its timeout.
 */
final class PendingReplies {
    /** @param reply completes with a {@link QmpMessage.Success} or {@link QmpMessage.Failure} */
    record Pending(long id, String command, CompletableFuture<QmpMessage> reply) {}

    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Pending> byId = new ConcurrentHashMap<>();
    private volatile QmpConnectionClosedException closedBecause;

    Pending register(String command) {
        Pending pending = new Pending(nextId.getAndIncrement(), command, new CompletableFuture<>());
        byId.put(pending.id(), pending);
        // Checked after put: failAll sets the field before draining, so either it drains us or we see it here.
        QmpConnectionClosedException closed = closedBecause;
        if (closed != null) {
            fail(pending, closed);
        }
        return pending;
    }

    /** Hands the reply to whoever waits for {@code id}; false if nobody does (unknown id, or timed out). */
    boolean complete(JsonNode id, QmpMessage reply) {
        Pending pending = id.isIntegralNumber() && id.canConvertToLong() ? byId.remove(id.asLong()) : null;
        return pending != null && pending.reply().complete(reply);
    }

    void forget(Pending pending) {
        byId.remove(pending.id());
    }

    void failAll(QmpConnectionClosedException cause) {
        closedBecause = cause;
        byId.values().forEach(pending -> fail(pending, cause));
    }

    /** Commands awaiting a reply right now. */
    int size() {
        return byId.size();
    }

    private void fail(Pending pending, QmpConnectionClosedException cause) {
        byId.remove(pending.id());
        pending.reply().completeExceptionally(cause);
    }
}
