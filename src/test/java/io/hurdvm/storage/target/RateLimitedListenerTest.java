package io.hurdvm.storage.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pace of a rate-limited upload, with a clock and a sleeper the test controls. */
class RateLimitedListenerTest {
    private static final long MIB = 1 << 20;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Long> slept = new ArrayList<>();
    private final List<Long> told = new ArrayList<>();

    private TransferListener limited(long bytesPerSecond) {
        return new RateLimitedListener((name, done, total) -> told.add(done), bytesPerSecond, nanos::get, n -> {
            slept.add(n);
            nanos.addAndGet(n);
        });
    }

    @Test
    void anUploadAheadOfTheRate_sleepsUntilItIsOnPace_afterPassingTheProgressOn() {
        TransferListener l = limited(4 * MIB);
        nanos.addAndGet(100_000_000L); // the first 8 MiB part took 0.1 s
        l.transferred("disk", 8 * MIB, 20 * MIB);
        assertThat(told).containsExactly(8 * MIB);
        assertThat(slept).containsExactly(1_900_000_000L); // due at 2 s
        nanos.addAndGet(3_000_000_000L); // the next part was slow: behind the pace, no sleep
        l.transferred("disk", 16 * MIB, 20 * MIB);
        assertThat(slept).hasSize(1);
        l.transferred("disk", 20 * MIB, 20 * MIB); // 5 s due, 5.0 s passed
        assertThat(slept).hasSize(1);
    }

    @Test
    void noLimit_isTheListenerItself() {
        TransferListener next = (name, done, total) -> { };
        assertThat(RateLimitedListener.of(next, 0)).isSameAs(next);
    }
}
