package io.hurdvm.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value that is expensive or risky to fetch (a QMP round trip through the supervisor, a qemu-img
 * run), fetched at most once per {@code ttl} and never waited for longer than a caller allows.
 *
 * <p>At most one fetch is in flight: a slow supervisor gets no second request while the first is
 * pending. A fetch that outlives the caller's wait keeps running and its result serves the next
 * call; meanwhile the caller gets the previous value. A failed fetch yields "nothing" for a whole
 * {@code ttl}, so a broken source is not hammered by every scrape.
 */
final class AsyncCache<T> {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncCache.class);

    private final String what;
    private final Supplier<T> fetch;
    private final Duration ttl;
    private final Executor executor;
    private final Clock clock;

    private Optional<T> value = Optional.empty();
    private Instant fetchedAt = Instant.MIN;
    private CompletableFuture<T> inFlight;

    /** @param what names the value in log lines, e.g. "block stats of web" */
    AsyncCache(String what, Supplier<T> fetch, Duration ttl, Executor executor, Clock clock) {
        this.what = what;
        this.fetch = fetch;
        this.ttl = ttl;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Forgets the value (and ignores a fetch still in flight): it described something that is gone,
     * e.g. the block counters of a QEMU process that has since been replaced.
     */
    synchronized void invalidate() {
        value = Optional.empty();
        fetchedAt = Instant.MIN;
        inFlight = null;
    }

    /** Starts a fetch if the value is stale and none is running; returns at once. */
    synchronized void refreshIfStale() {
        if (inFlight == null && !fresh()) {
            CompletableFuture<T> started = CompletableFuture.supplyAsync(fetch, executor);
            inFlight = started;
            started.whenComplete((v, error) -> completed(started, v, error));
        }
    }

    /** The cached value if fresh; otherwise waits up to {@code maxWait} for a fetch, else the old value. */
    Optional<T> get(Duration maxWait) {
        refreshIfStale();
        CompletableFuture<T> pending;
        synchronized (this) {
            pending = inFlight;
        }
        if (pending != null) {
            try {
                pending.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // timed out: the fetch goes on and the previous value stands; failed: completed() cleared it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            return value;
        }
    }

    private boolean fresh() {
        return clock.instant().isBefore(fetchedAt.plus(ttl));
    }

    private synchronized void completed(CompletableFuture<T> which, T result, Throwable error) {
        if (which != inFlight) {
            return;
        }
        inFlight = null;
        fetchedAt = clock.instant();
        value = error == null ? Optional.ofNullable(result) : Optional.empty();
        if (error != null) {
            // Routine when a VM stops between two scrapes, so not a warning; the series just disappear.
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            LOG.debug("{}: {}", what, cause.toString());
        }
    }
}
