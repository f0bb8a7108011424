package io.hurdvm.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hurdvm.console.ConsoleBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsolePatternCheckTest extends ReadinessCheckContract {
    private static final ReadinessCheck LOGIN = Wait.forConsole("login:\\s*$");

    @Override
    Scenario ready() throws Exception {
        return new Scenario(LOGIN, target(console("GNU Mach 1.8\r\n\r\ndebian login: "), liveProcess()));
    }

    @Override
    Scenario neverReady() throws Exception {
        return new Scenario(LOGIN, target(console("GNU Mach 1.8\r\nLast login: yesterday on ttyS0\r\n"), liveProcess()));
    }

    @Override
    Scenario deadGuest() throws Exception {
        return new Scenario(LOGIN, target(console("GNU Mach 1.8\r\npanic: no root\r\n"), exitedProcess()));
    }

    @Override
    Scenario readyAfter(Duration delay) throws Exception {
        ConsoleBuffer console = console("GNU Mach 1.8\r\n");
        later(delay, () -> console.append("debian login: "));
        return new Scenario(LOGIN, target(console, liveProcess()));
    }

    @Test
    void deadGuest_carriesTheConsolesLastLines() throws Exception {
        Scenario s = deadGuest();
        GuestDiedException e = catchThrowableOfType(GuestDiedException.class,
                () -> s.check().waitUntilReady(s.target(), LONG_TIMEOUT));
        assertThat(e.lastConsoleLines()).containsExactly("GNU Mach 1.8", "panic: no root");
    }

    @Test
    void patternAnchors_workPerLineInMultilineText() throws Exception {
        ReadinessTarget t = target(console("debian login: \r\nPassword: "), liveProcess());
        Wait.forConsole("^debian login:").waitUntilReady(t, Duration.ZERO);
    }

    private static ReadinessTarget target(ConsoleBuffer console, Process process) {
        return new TestTarget(console, "127.0.0.1", 0, process);
    }
}
