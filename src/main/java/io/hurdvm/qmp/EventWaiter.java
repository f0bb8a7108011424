package io.hurdvm.qmp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A one-shot wait for the first QMP event matching a predicate, armed when created so that an event
 * arriving before {@link #await} is not lost. Typical use: create it, send the command that triggers the
 * event, then await. Closing it (or a finished await) stops it listening.
 */
public final class EventWaiter implements AutoCloseable {
    private static final int SEEN_NAMES_KEPT = 16;

    private final Predicate<QmpEvent> predicate;
    private final Consumer<EventWaiter> unregister;
    private final CompletableFuture<QmpEvent> match = new CompletableFuture<>();
    /** Names of non-matching events seen, so a timeout can say what did arrive instead. */
    private final Deque<String> seenNames = new ArrayDeque<>();

    EventWaiter(Predicate<QmpEvent> predicate, Consumer<EventWaiter> unregister) {
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.unregister = unregister;
    }

    /**
     * Returns the matching event, waiting up to {@code timeout}.
     *
     * @throws QmpTimeoutException if none matched in time
     * @throws QmpConnectionClosedException if the connection closed before a match (fails at once)
     */
    public QmpEvent await(Duration timeout) {
        try {
            return match.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("No matching QMP event within " + timeout + " (other events seen: "
                    + seenNamesSoFar() + ")");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QmpConnectionClosedException closed) {
                throw new QmpConnectionClosedException("Gave up waiting for a QMP event: " + closed.getMessage(), closed);
            }
            throw new QmpException("QMP event predicate failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted while waiting for a QMP event", e);
        } finally {
            close();
        }
    }

    public boolean isMatched() {
        return match.isDone() && !match.isCompletedExceptionally();
    }

    @Override
    public void close() {
        unregister.accept(this);
    }

    /** Runs on the QMP reader thread; true when this waiter is finished and can be dropped. */
    boolean offer(QmpEvent event) {
        try {
            if (predicate.test(event)) {
                match.complete(event);
            } else {
                remember(event.name());
            }
        } catch (RuntimeException e) {
            match.completeExceptionally(e);
        }
        return match.isDone();
    }

    void fail(QmpConnectionClosedException cause) {
        match.completeExceptionally(cause);
    }

    private synchronized void remember(String name) {
        if (seenNames.size() == SEEN_NAMES_KEPT) {
            seenNames.removeFirst();
        }
        seenNames.addLast(name);
    }

    private synchronized String seenNamesSoFar() {
        return seenNames.isEmpty() ? "none" : String.join(", ", seenNames);
    }
}
