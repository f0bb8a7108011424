package io.hurdvm.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (never a fixed sleep); fails naming what was last seen. */
final class Await {
    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    static <T> T until(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + timeout + "; last seen: " + last);
            }
            Thread.sleep(POLL.toMillis());
            last = probe.get();
        }
        return last;
    }
}
