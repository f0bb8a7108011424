package io.hurdvm.readiness;

import java.time.Duration;

/** Runs a shell command in the guest (over SSH, in production) and returns its exit status. */
@FunctionalInterface
public interface GuestCommandRunner {
    /**
     * @param timeout how long the command may take, connection included
     * @return the command's exit status
     * @throws Exception when the command could not be run at all (no connection, authentication failed)
     */
    int run(String command, Duration timeout) throws Exception;
}
