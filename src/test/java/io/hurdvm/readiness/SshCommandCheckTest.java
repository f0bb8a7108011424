package io.hurdvm.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.console.ConsoleBuffer;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SshCommandCheck with a runner that runs the command in a real local shell (in a temp dir standing in
 * for the guest) instead of over SSH: the check only sees the {@link GuestCommandRunner} interface.
 */
class SshCommandCheckTest extends ReadinessCheckContract {
    @TempDir
    Path guestRoot;

    private final List<Duration> attemptTimeouts = new CopyOnWriteArrayList<>();

    /** Runs {@code sh -c command} in {@link #guestRoot}; returns its exit status. */
    private final GuestCommandRunner localShell = (command, timeout) -> {
        attemptTimeouts.add(timeout);
        Process p = new ProcessBuilder("sh", "-c", command).directory(guestRoot.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new TimeoutException("command still running after " + timeout);
        }
        return p.exitValue();
    };

    private final ReadinessCheck bootedCheck = Wait.forSshCommand(localShell, "test -e booted");

    @Override
    Scenario ready() throws Exception {
        Files.createFile(guestRoot.resolve("booted"));
        return new Scenario(bootedCheck, target(liveProcess()));
    }

    @Override
    Scenario neverReady() throws Exception {
        return new Scenario(bootedCheck, target(liveProcess()));
    }

    @Override
    Scenario deadGuest() throws Exception {
        return new Scenario(bootedCheck, target(exitedProcess()));
    }

    @Override
    Scenario readyAfter(Duration delay) throws Exception {
        later(delay, () -> Files.createFile(guestRoot.resolve("booted")));
        return new Scenario(bootedCheck, target(liveProcess()));
    }

    @Test
    void failingStatus_isReportedInTheTimeoutMessage() throws Exception {
        assertThatThrownBy(() -> bootedCheck.waitUntilReady(target(liveProcess()), Duration.ofMillis(500)))
                .isInstanceOf(ReadinessTimeoutException.class)
                .hasMessageContaining("command 'test -e booted' to exit 0")
                .hasMessageContaining("last attempt: exit status 1");
    }

    @Test
    void runnerThatCannotConnect_isRetriedAndItsErrorReported() throws Exception {
        GuestCommandRunner noSsh = (command, timeout) -> {
            throw new ConnectException("Connection refused");
        };
        assertThatThrownBy(() -> Wait.forSshCommand(noSsh, "true").waitUntilReady(target(liveProcess()), Duration.ofMillis(500)))
                .isInstanceOf(ReadinessTimeoutException.class)
                .hasMessageContaining("last attempt: connection refused").hasMessageNotContaining("Exception");
    }

    @Test
    void attemptTimeout_neverExceedsWhatIsLeftOfTheDeadline() throws Exception {
        ReadinessTarget t = target(liveProcess());
        assertThatThrownBy(() -> bootedCheck.waitUntilReady(t, Duration.ofMillis(1500)))
                .isInstanceOf(ReadinessTimeoutException.class);
        assertThat(attemptTimeouts).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(d -> d.compareTo(Duration.ofMillis(1500)) <= 0)
                .last().matches(d -> d.compareTo(Duration.ofMillis(600)) < 0, "second attempt gets only what is left");
    }

    private ReadinessTarget target(Process process) {
        return new TestTarget(new ConsoleBuffer(), "127.0.0.1", 0, process);
    }
}
