package io.hurdvm.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.console.ConsoleBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SshBannerCheck against real TCP servers on 127.0.0.1. */
class SshBannerCheckTest extends ReadinessCheckContract {
    private static final String BANNER = "SSH-2.0-test\r\n";
    private final ReadinessCheck check = new SshBannerCheck(Duration.ofMillis(500));

    @Override
    Scenario ready() throws Exception {
        return new Scenario(check, target(track(LoopbackServer.sending(BANNER)).port(), liveProcess()));
    }

    /** QEMU user networking: the forwarded port accepts, then drops the connection, until sshd runs. */
    @Override
    Scenario neverReady() throws Exception {
        return new Scenario(check, target(track(LoopbackServer.acceptAndClose()).port(), liveProcess()));
    }

    @Override
    Scenario deadGuest() throws Exception {
        return new Scenario(check, target(track(LoopbackServer.acceptAndClose()).port(), exitedProcess()));
    }

    @Override
    Scenario readyAfter(Duration delay) throws Exception {
        LoopbackServer server = track(LoopbackServer.acceptAndClose());
        later(delay, () -> server.startSending(BANNER));
        return new Scenario(check, target(server.port(), liveProcess()));
    }

    @Test
    void acceptedConnectionThatIsClosed_isNotReady() throws Exception {
        ReadinessTarget t = target(track(LoopbackServer.acceptAndClose()).port(), liveProcess());
        assertThatThrownBy(() -> check.waitUntilReady(t, Duration.ofMillis(800)))
                .isInstanceOf(ReadinessTimeoutException.class)
                .hasMessageContaining("last attempt: connection closed without an SSH banner");
    }

    @Test
    void silentServer_isNotReadyAndTheDeadlineStillHolds() throws Exception {
        ReadinessTarget t = target(track(LoopbackServer.silent()).port(), liveProcess());
        long start = System.nanoTime();
        assertThatThrownBy(() -> new SshBannerCheck(Duration.ofSeconds(10)).waitUntilReady(t, Duration.ofMillis(1200)))
                .isInstanceOf(ReadinessTimeoutException.class)
                .hasMessageContaining("no SSH banner within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1200).plus(SLACK));
    }

    @Test
    void refusedConnection_isNotReadyAndSaysSo() throws Exception {
        ReadinessTarget t = target(LoopbackServer.closedPort(), liveProcess());
        assertThatThrownBy(() -> check.waitUntilReady(t, Duration.ofMillis(600)))
                .isInstanceOf(ReadinessTimeoutException.class)
                .hasMessageContaining("SSH banner (SSH-2.0-) on 127.0.0.1:" + t.sshPort())
                .hasMessageContaining("connection refused").hasMessageNotContaining("Exception");
    }

    @Test
    void linesBeforeTheBanner_areSkipped() throws Exception {
        ReadinessTarget t = target(track(LoopbackServer.sending("Welcome\r\nno banner yet\r\n" + BANNER)).port(), liveProcess());
        check.waitUntilReady(t, Duration.ofSeconds(5));
    }

    @Test
    void otherProtocolOnThePort_isNotReady() throws Exception {
        ReadinessTarget t = target(track(LoopbackServer.sending("HTTP/1.1 400 Bad Request\r\n\r\n")).port(), liveProcess());
        assertThatThrownBy(() -> check.waitUntilReady(t, Duration.ofMillis(800)))
                .isInstanceOf(ReadinessTimeoutException.class);
    }

    private static ReadinessTarget target(int port, Process process) {
        return new TestTarget(new ConsoleBuffer(), "127.0.0.1", port, process);
    }
}
