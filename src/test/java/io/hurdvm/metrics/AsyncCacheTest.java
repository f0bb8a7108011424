package io.hurdvm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncCacheTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration SHORT_WAIT = Duration.ofMillis(50);
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger fetches = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void get_withinTheTtl_reusesTheValueWithoutFetching() {
        AsyncCache<String> cache = cache(() -> "v" + fetches.incrementAndGet());

        assertThat(cache.get(LONG_WAIT)).contains("v1");
        clock.advance(TTL.minusMillis(1));
        assertThat(cache.get(LONG_WAIT)).contains("v1");
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get(LONG_WAIT)).contains("v2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void get_whileAFetchIsSlow_returnsThePreviousValue_andStartsNoSecondFetch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AsyncCache<String> cache = cache(() -> {
            int n = fetches.incrementAndGet();
            if (n > 1) {
                await(release);
            }
            return "v" + n;
        });
        assertThat(cache.get(LONG_WAIT)).contains("v1");
        clock.advance(TTL);

        assertThat(cache.get(SHORT_WAIT)).contains("v1");
        assertThat(cache.get(SHORT_WAIT)).contains("v1");
        assertThat(fetches).hasValue(2);

        release.countDown();
        assertThat(cache.get(LONG_WAIT)).contains("v2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void get_afterAFailedFetch_isEmptyForAWholeTtl_soTheSourceIsNotHammered() {
        AsyncCache<String> cache = cache(() -> {
            fetches.incrementAndGet();
            throw new IllegalStateException("supervisor is gone");
        });

        assertThat(cache.get(LONG_WAIT)).isEmpty();
        assertThat(cache.get(LONG_WAIT)).isEmpty();
        assertThat(fetches).hasValue(1);
        clock.advance(TTL);
        assertThat(cache.get(LONG_WAIT)).isEmpty();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void get_afterAFailure_dropsTheOldValue() {
        AsyncCache<String> cache = cache(() -> {
            if (fetches.incrementAndGet() > 1) {
                throw new IllegalStateException("QEMU stopped");
            }
            return "v1";
        });
        assertThat(cache.get(LONG_WAIT)).contains("v1");
        clock.advance(TTL);

        assertThat(cache.get(LONG_WAIT)).isEmpty();
    }

    @Test
    void invalidate_withinTheTtl_forgetsTheValue_andIgnoresAFetchStillInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AsyncCache<String> cache = cache(() -> {
            int n = fetches.incrementAndGet();
            if (n == 2) {
                await(release); // the fetch for the process that is gone
            }
            return "v" + n;
        });
        assertThat(cache.get(LONG_WAIT)).contains("v1");
        clock.advance(TTL);
        assertThat(cache.get(SHORT_WAIT)).contains("v1");

        cache.invalidate();
        assertThat(cache.get(LONG_WAIT)).contains("v3");
        release.countDown();
        executor.shutdown(); // lets the orphaned fetch finish and deliver its result
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cache.get(SHORT_WAIT)).contains("v3");
    }

    private AsyncCache<String> cache(Supplier<String> fetch) {
        return new AsyncCache<>("test value", fetch, TTL, executor, clock);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the fetch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
