package io.hurdvm.readiness;

import java.time.Duration;

/**
 * A condition that says a booted guest is usable, in the spirit of Testcontainers' {@code WaitStrategy}
 * but stateless: one instance can wait on any number of targets, concurrently.
 */
public interface ReadinessCheck {
    /**
     * Returns once the condition holds on {@code target}.
     *
     * @throws ReadinessTimeoutException when it did not hold within {@code timeout}
     * @throws GuestDiedException        as soon as the target's process is seen dead (not at the timeout)
     * @throws java.util.concurrent.CancellationException when the waiting thread is interrupted
     *                                   (the interrupt flag is kept)
     */
    void waitUntilReady(ReadinessTarget target, Duration timeout);

    /** What is awaited, for messages: e.g. {@code SSH banner on 127.0.0.1:2222}. */
    String describe(ReadinessTarget target);
}
