package io.hurdvm.guest;

import java.time.Duration;

/** Runs a shell command in the guest and returns its exit status (readiness checks use this). */
@FunctionalInterface
public interface GuestCommandRunner {
    int run(String command, Duration timeout);
}
