package io.hurdvm.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.console.ConsoleBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The composite: console login prompt, then SSH banner, with one shared deadline. */
class AllOfTest extends ReadinessCheckContract {
    private static final String BANNER = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
    private final ReadinessCheck loginThenSsh =
            Wait.allOf(Wait.forConsole("login:\\s*$"), new SshBannerCheck(Duration.ofMillis(500)));

    @Override
    Scenario ready() throws Exception {
        return scenario(console("debian login: "), track(LoopbackServer.sending(BANNER)), liveProcess());
    }

    @Override
    Scenario neverReady() throws Exception {
        return scenario(console("debian login: "), track(LoopbackServer.acceptAndClose()), liveProcess());
    }

    @Override
    Scenario deadGuest() throws Exception {
        return scenario(console("GNU Mach 1.8\n"), track(LoopbackServer.acceptAndClose()), exitedProcess());
    }

    @Override
    Scenario readyAfter(Duration delay) throws Exception {
        ConsoleBuffer console = console("GNU Mach 1.8\n");
        LoopbackServer ssh = track(LoopbackServer.acceptAndClose());
        later(delay, () -> {
            console.append("debian login: ");
            ssh.startSending(BANNER);
        });
        return scenario(console, ssh, liveProcess());
    }

    @Test
    void timeout_namesTheWholeWaitAndTheStepThatWasStuck() throws Exception {
        Scenario s = neverReady();
        assertThatThrownBy(() -> s.check().waitUntilReady(s.target(), Duration.ofMillis(700)))
                .isInstanceOf(ReadinessTimeoutException.class)
                .hasMessageStartingWith("timed out after 700ms waiting for console output matching /login:\\s*$/, then SSH banner")
                .hasMessageContaining("; stuck at SSH banner (SSH-2.0-) on 127.0.0.1:")
                .hasMessageContaining("last attempt: connection closed without an SSH banner");
    }

    @Test
    void checksShareOneDeadlineRatherThanEachGettingTheFullTimeout() throws Exception {
        ConsoleBuffer console = console("GNU Mach 1.8\n");
        later(Duration.ofMillis(1000), () -> console.append("debian login: "));
        Scenario s = scenario(console, track(LoopbackServer.acceptAndClose()), liveProcess());
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.check().waitUntilReady(s.target(), SHORT_TIMEOUT))
                .isInstanceOf(ReadinessTimeoutException.class).hasMessageContaining("stuck at SSH banner");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT_TIMEOUT.plus(SLACK));
    }

    @Test
    void allOf_needsAtLeastOneCheck() {
        assertThatThrownBy(Wait::allOf).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    private Scenario scenario(ConsoleBuffer console, LoopbackServer ssh, Process process) {
        return new Scenario(loginThenSsh, new TestTarget(console, "127.0.0.1", ssh.port(), process));
    }
}
