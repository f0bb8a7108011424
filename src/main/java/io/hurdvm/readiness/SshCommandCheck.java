package io.hurdvm.readiness;

import io.hurdvm.errors.ErrorText;
import java.time.Duration;
import java.util.Objects;

/**
 * Ready when a command run in the guest exits with status 0 (e.g. {@code true}: SSH accepts our key and
 * a shell starts; or {@code systemctl is-system-running}). Failed attempts are retried until the deadline.
 */
public final class SshCommandCheck implements ReadinessCheck {
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final GuestCommandRunner runner;
    private final String command;
    private final Duration attemptTimeout;

    public SshCommandCheck(GuestCommandRunner runner, String command, Duration attemptTimeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.command = Objects.requireNonNull(command, "command");
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("SSH command attempt timeout must be positive, got " + attemptTimeout);
        }
        this.attemptTimeout = attemptTimeout;
    }

    public SshCommandCheck(GuestCommandRunner runner, String command) {
        this(runner, command, DEFAULT_ATTEMPT_TIMEOUT);
    }

    @Override
    public void waitUntilReady(ReadinessTarget target, Duration timeout) {
        Attempts.until(target, timeout, describe(target), attemptTimeout, RETRY_PAUSE, (budget, deadline) -> {
            try {
                int status = runner.run(command, budget);
                return status == 0 ? null : "exit status " + status;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                return ErrorText.of(e);
            }
        });
    }

    @Override
    public String describe(ReadinessTarget target) {
        return "command '" + command + "' to exit 0 in the guest";
    }
}
