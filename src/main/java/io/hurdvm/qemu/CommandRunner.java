package io.hurdvm.qemu;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Runs an external command to completion. Injectable so callers can be tested against fakes. */
@FunctionalInterface
public interface CommandRunner {
    /**
     * @return the result whatever the exit code
     * @throws CommandFailedException if the command cannot be started or does not finish in time
     *                                (it is then killed)
     */
    CommandResult run(List<String> argv, Duration timeout);

    /**
     * As {@link #run(List, Duration)}, and hands each stdout line to {@code stdoutLines} ({@code \r}
     * ends a line too, as progress output uses it). Runners that cannot stream hand the lines over at
     * the end, which is right for fakes and keeps the contract.
     */
    default CommandResult run(List<String> argv, Duration timeout, Consumer<String> stdoutLines) {
        CommandResult result = run(argv, timeout);
        result.stdout().lines().forEach(stdoutLines);
        return result;
    }
}
