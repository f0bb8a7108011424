package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsoleBufferTest {
    private final ConsoleBuffer buffer = new ConsoleBuffer(4096);

    @Test
    void awaitPattern_wakesAsSoonAsAWriterAppendsTheText() throws Exception {
        buffer.startEpoch();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                waiting.await();
                Thread.sleep(300); // the stimulus: output arrives while the reader is parked
                buffer.append("Debian GNU/Hurd 13 debian console\r\n\r\ndebian lo");
                buffer.append("gin: ");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        waiting.countDown();
        boolean found = buffer.awaitPattern(Pattern.compile("login: $"), Instant.now().plusSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        writer.join();

        assertThat(found).isTrue();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void awaitPattern_returnsFalseAtTheDeadlineWhenNothingMatches() throws Exception {
        buffer.startEpoch();
        buffer.append("GNU Mach 1.8\r\n");
        long start = System.nanoTime();
        boolean found = buffer.awaitPattern(Pattern.compile("login:"), Instant.now().plusMillis(400));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(found).isFalse();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(350)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void awaitPattern_findsTextAlreadyPresentEvenWithAPastDeadline() throws Exception {
        buffer.startEpoch();
        buffer.append("debian login: ");
        assertThat(buffer.awaitPattern(Pattern.compile("login:"), Instant.now().minusSeconds(1))).isTrue();
    }

    @Test
    void awaitPattern_findsAMatchSplitAcrossManySmallAppends() throws Exception {
        buffer.startEpoch();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (char c : "xxxx GNU Mach 1.8+git20221224-486\r\n".toCharArray()) {
                buffer.append(String.valueOf(c)); // serial output often arrives byte by byte
            }
        });
        assertThat(buffer.awaitPattern(Pattern.compile("GNU Mach \\d"), Instant.now().plusSeconds(10))).isTrue();
        writer.join();
    }

    @Test
    void startEpoch_forgetsThePreviousBootSoItsTextNoLongerMatches() throws Exception {
        buffer.startEpoch();
        buffer.append("kernel panic\n");
        buffer.startEpoch();
        assertThat(buffer.sinceEpoch()).isEmpty();
        assertThat(buffer.awaitPattern(Pattern.compile("panic"), Instant.now())).isFalse();
        assertThat(buffer.epoch()).isEqualTo(2);
    }

    @Test
    void awaitPattern_keepsWaitingAcrossANewEpochAndMatchesTheNewBoot() throws Exception {
        buffer.startEpoch();
        buffer.append("first boot\n");
        Thread restarter = Thread.ofPlatform().start(() -> {
            buffer.startEpoch();
            buffer.append("second boot login: ");
        });
        assertThat(buffer.awaitPattern(Pattern.compile("second boot login:"), Instant.now().plusSeconds(10))).isTrue();
        restarter.join();
    }

    @Test
    void append_dropsOldestTextBeyondCapacity() {
        buffer.startEpoch();
        for (int i = 0; i < 1000; i++) {
            buffer.append(String.format("line %04d%n", i));
        }
        String kept = buffer.sinceEpoch();
        assertThat(kept.length()).isLessThanOrEqualTo(4096 + 4096 / 4);
        assertThat(kept).endsWith("line 0999\n").doesNotContain("line 0000");
    }

    @Test
    void lastLines_stripsEscapeSequencesAndCarriageReturns() {
        buffer.startEpoch();
        buffer.append("\u001b[H\u001b[J\u001b[1;1H  Booting `GNU Mach'\r\n\r\n\rGNU Mach 1.8\r\n"
                + "[\u001b[0;32m  OK  \u001b[0m] Started ssh.service\r\n\r\ndebian login: ");

        assertThat(buffer.lastLines(3)).containsExactly("[  OK  ] Started ssh.service", "", "debian login: ");
        assertThat(buffer.lastLines(100)).first().isEqualTo("  Booting `GNU Mach'");
    }

    @Test
    void lastLines_doesNotInventAnEmptyLineAfterAFinalNewline() {
        buffer.startEpoch();
        buffer.append("one\ntwo\n");
        assertThat(buffer.lastLines(1)).containsExactly("two");
        assertThat(buffer.lastLines(5)).containsExactly("one", "two");
        assertThat(new ConsoleBuffer().lastLines(5)).isEmpty();
    }

    @Test
    void tail_startsAtALineBoundarySoALateClientSeesWholeLines() {
        buffer.startEpoch();
        buffer.append("0123456789\nabcdef\nlogin: ");
        assertThat(buffer.tail(12)).isEqualTo("login: ");
        assertThat(buffer.tail(100)).isEqualTo("0123456789\nabcdef\nlogin: ");
        // No newline in range: the raw tail is better than nothing.
        assertThat(buffer.tail(4)).isEqualTo("in: ");
    }

    @Test
    void awaitPattern_isInterruptible() throws Exception {
        buffer.startEpoch();
        CountDownLatch started = new CountDownLatch(1);
        boolean[] interrupted = new boolean[1];
        Thread waiter = Thread.ofPlatform().start(() -> {
            started.countDown();
            try {
                buffer.awaitPattern(Pattern.compile("never"), Instant.now().plusSeconds(60));
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
        });
        started.await();
        waiter.interrupt();
        assertThat(waiter.join(Duration.ofSeconds(5))).isTrue();
        assertThat(interrupted[0]).isTrue();
    }
}
