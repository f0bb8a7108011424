package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.vm.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void onFailure_restartsWithGrowingBackoff_thenDeclaresCrashLoop() {
        RestartTracker t = new RestartTracker(new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 3,
                Duration.ofSeconds(1), Duration.ofSeconds(10)), 0);
        assertThat(t.onUnexpectedExit(T0, T0.plusSeconds(2))).contains(Duration.ofSeconds(1));
        assertThat(t.onUnexpectedExit(T0, T0.plusSeconds(2))).contains(Duration.ofSeconds(2));
        assertThat(t.onUnexpectedExit(T0, T0.plusSeconds(2))).contains(Duration.ofSeconds(4));
        assertThat(t.crashLoop()).isFalse();
        assertThat(t.onUnexpectedExit(T0, T0.plusSeconds(2))).isEmpty();
        assertThat(t.crashLoop()).isTrue();
        assertThat(t.totalRestarts()).isEqualTo(3);
    }

    @Test
    void aStableRun_resetsTheConsecutiveCount() {
        RestartTracker t = new RestartTracker(new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(10)), 5);
        assertThat(t.onUnexpectedExit(T0, T0.plusSeconds(1))).isPresent();
        assertThat(t.onUnexpectedExit(T0, T0.plus(RestartTracker.STABLE_RUN))).isPresent();
        assertThat(t.totalRestarts()).isEqualTo(7);
    }

    @Test
    void never_doesNotRestart_andIsNoCrashLoop() {
        RestartTracker t = new RestartTracker(RestartPolicy.never(), 0);
        assertThat(t.onUnexpectedExit(T0, T0.plusSeconds(1))).isEmpty();
        assertThat(t.crashLoop()).isFalse();
    }
}
