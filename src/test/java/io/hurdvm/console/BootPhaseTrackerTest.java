package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootPhaseTrackerTest {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private final BootPhaseTracker tracker = BootPhaseTracker.withDefaults();

    @Test
    void hurdBoot_reachesEachPhaseOnceWithTimeSinceQemuStart() {
        List<BootPhase> reported = new ArrayList<>();
        tracker.onPhaseReached(reported::add);
        tracker.bootStarted(START);

        line(1, "  Booting `Debian GNU/Hurd, with GNU Mach 1.8+git20240714-amd64'", true);
        line(2, "GNU Mach 1.8+git20240714-amd64", true);
        line(3, "GNU Mach 1.8 again, in a kernel message", true);
        line(9, "Hurd server bootstrap: ext2fs[part:2:device:wd0] exec startup proc auth.", true);
        line(30, "debian login: ", false);

        assertThat(tracker.phases()).extracting(BootPhase::name)
                .containsExactly("BOOTLOADER", "KERNEL", "USERLAND", "LOGIN");
        assertThat(tracker.phases()).extracting(BootPhase::sinceStart)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(9), Duration.ofSeconds(30));
        assertThat(reported).isEqualTo(tracker.phases());
        assertThat(tracker.latest()).map(BootPhase::name).contains("LOGIN");
    }

    @Test
    void missingPhases_areSkippedAndEarlierTextAfterALaterPhaseIsIgnored() {
        tracker.bootStarted(START);
        line(4, "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org)", true);
        line(40, "Setting up grub-pc (2.06-13) ... GRUB", true);

        assertThat(tracker.phases()).extracting(BootPhase::name).containsExactly("KERNEL");
    }

    @Test
    void login_countsOnlyAtTheEndOfALineAndIsCaseSensitive() {
        tracker.bootStarted(START);
        line(5, "Last login: Mon Jan  1 00:00:00 2025 on ttyS0", true);
        line(6, "LOGIN: ", false);
        assertThat(tracker.phases()).isEmpty();

        line(7, "debian login:", false);
        assertThat(tracker.phases()).extracting(BootPhase::name).containsExactly("LOGIN");
    }

    @Test
    void bootStarted_forgetsThePreviousBoot() {
        tracker.bootStarted(START);
        line(2, "GNU Mach 1.8", true);
        tracker.bootStarted(START.plusSeconds(100));
        assertThat(tracker.phases()).isEmpty();

        line(103, "GNU Mach 1.8", true);
        assertThat(tracker.phases()).singleElement().extracting(BootPhase::sinceStart).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void customPatterns_replaceTheDefaults() {
        BootPhaseTracker custom = new BootPhaseTracker(List.of(PhasePattern.of("READY", "^hvecho> ")));
        custom.bootStarted(START);
        custom.onLine(new ConsoleLine("hvecho> ", false, START.plusMillis(1500)));
        assertThat(custom.phases()).containsExactly(new BootPhase("READY", Duration.ofMillis(1500), START.plusMillis(1500)));
    }

    @Test
    void failingCallback_doesNotStopTracking() {
        tracker.onPhaseReached(p -> {
            throw new IllegalStateException("state file unwritable");
        });
        tracker.bootStarted(START);
        line(1, "GNU Mach 1.8", true);
        line(2, "debian login: ", false);
        assertThat(tracker.phases()).extracting(BootPhase::name).containsExactly("KERNEL", "LOGIN");
    }

    private void line(int second, String text, boolean complete) {
        tracker.onLine(new ConsoleLine(text, complete, START.plusSeconds(second)));
    }
}
