package io.hurdvm.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Connecting when no QEMU is there at all; needs no QEMU, so it runs with the unit tests. */
class QmpClientConnectTest {

    @Test
    void connect_toMissingSocket_retriesUntilTimeoutThenNamesTheSocket() {
        Path missing = Path.of("/tmp", "hvqmp-missing-" + UUID.randomUUID(), "qmp.sock");
        long started = System.nanoTime();

        assertThatThrownBy(() -> QmpClient.connect(missing, Duration.ofMillis(500)))
                .isInstanceOf(QmpTimeoutException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("within PT0.5S")
                .hasMessageContaining("-qmp unix:");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
    }
}
