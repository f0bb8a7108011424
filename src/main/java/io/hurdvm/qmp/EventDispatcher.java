package io.hurdvm.qmp;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers QMP events to listeners and {@link EventWaiter}s. Listeners run on their own thread, in
 * event order, so a slow listener, or one that calls back into the client, cannot stall the reader
 * thread that must keep delivering command replies.
 */
final class EventDispatcher {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<Consumer<QmpEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<EventWaiter> waiters = ConcurrentHashMap.newKeySet();
    private final ExecutorService listenerThread;
    private volatile QmpConnectionClosedException closedBecause;

    EventDispatcher(String threadName) {
        this.listenerThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
    }

    void addListener(Consumer<QmpEvent> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<QmpEvent> listener) {
        listeners.remove(listener);
    }

    EventWaiter newWaiter(Predicate<QmpEvent> predicate) {
        EventWaiter waiter = new EventWaiter(predicate, waiters::remove);
        waiters.add(waiter);
        // Same ordering trick as PendingReplies: close() sets the field before draining the set.
        QmpConnectionClosedException closed = closedBecause;
        if (closed != null) {
            waiter.fail(closed);
        }
        return waiter;
    }

    /** Called on the reader thread. */
    void dispatch(QmpEvent event) {
        log.debug("QMP event {}", event.name());
        waiters.removeIf(waiter -> waiter.offer(event));
        try {
            listenerThread.execute(() -> listeners.forEach(listener -> notify(listener, event)));
        } catch (RejectedExecutionException e) {
            log.debug("QMP event {} arrived after close; not delivered to listeners", event.name());
        }
    }

    /** Fails the waiters at once; events already queued still reach listeners. */
    void close(QmpConnectionClosedException cause) {
        closedBecause = cause;
        waiters.forEach(waiter -> waiter.fail(cause));
        waiters.clear();
        listenerThread.shutdown();
    }

    private static void notify(Consumer<QmpEvent> listener, QmpEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("QMP event listener {} failed on {}; other listeners still run", listener, event.name(), e);
        }
    }
}
