package io.hurdvm.qemu;

import java.time.Duration;
import java.util.List;

/** Runs an external command to completion. Injectable so callers can be tested against fakes. */
@FunctionalInterface
public interface CommandRunner {
    /**
     * @return the result whatever the exit code
     * @throws CommandFailedException if the command cannot be started or does not finish in time
     *                                (it is then killed)
     */
    CommandResult run(List<String> argv, Duration timeout);
}
