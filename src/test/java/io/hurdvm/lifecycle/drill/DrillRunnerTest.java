package io.hurdvm.lifecycle.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.storage.backup.DrillStatus;
import io.hurdvm.testing.ManualClock;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order, timing and cleanup of a drill with scripted steps (a fake of {@link DrillSteps}: the real
 * steps boot a guest, which {@code BackupCopyAndDrillIT} does) and the real host lock file: the
 * throwaway instance is removed on every path, and the result recorded.
 */
class DrillRunnerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T04:00:00Z");
    private static final BackupManifest LATEST = new BackupManifest(2, "web", "20260301T020000Z-0a01", "incremental",
            Instant.parse("2026-03-01T02:00:00Z"), "20260228T020000Z-0a01", 1, 1, "qcow2-zstd", "none", List.of(), "t");
    @TempDir Path home;

    /** Scripted steps: each may fail; they record the order they ran in and what exists. */
    private static final class Steps implements DrillSteps {
        final ManualClock clock;
        final List<String> ran = new ArrayList<>();
        final Set<String> existing = new HashSet<>();
        String failAt;
        Exception failure;
        boolean discardFails;
        Boolean interruptedDuringDiscard;

        Steps(ManualClock clock) {
            this.clock = clock;
        }

        private void step(String name, long seconds) throws Exception {
            ran.add(name);
            clock.advance(Duration.ofSeconds(seconds));
            if (name.equals(failAt)) {
                throw failure;
            }
        }

        @Override
        public boolean exists(InstanceName name) {
            return existing.contains(name.value());
        }

        @Override
        public BackupManifest restore(InstanceName throwaway) throws Exception {
            existing.add(throwaway.value());
            step("restore", 40);
            return LATEST;
        }

        @Override
        public void requireRoom(InstanceName throwaway) throws Exception {
            step("room", 0);
        }

        @Override
        public void boot(InstanceName throwaway) throws Exception {
            step("boot", 60);
        }

        @Override
        public void check(InstanceName throwaway) throws Exception {
            step("check", 2);
        }

        @Override
        public void discard(InstanceName throwaway) throws Exception {
            ran.add("discard " + throwaway.value());
            interruptedDuringDiscard = Thread.currentThread().isInterrupted();
            if (discardFails) {
                throw new IllegalStateException("the supervisor did not stop");
            }
            existing.remove(throwaway.value());
        }
    }

    /** The steps move it on, so restore and boot take known times. */
    private final ManualClock clock = new ManualClock(T0);
    private final Steps steps = new Steps(clock);

    private DrillRunner runner(Duration lockWait) throws Exception {
        return new DrillRunner(home, Files.createDirectories(home.resolve("instances/web")), steps, clock, lockWait);
    }

    private DrillStatus status() {
        return DrillStatus.read(home.resolve("instances/web")).orElseThrow();
    }

    private String lockFile() throws Exception {
        return Files.readString(home.resolve(HostDrillLock.FILE));
    }

    @Test
    void aSuccessfulDrill_restoresBootsChecksAndDiscards_andRecordsTheRecoveryTime() throws Exception {
        DrillRunner.Report r = runner(Duration.ofSeconds(1)).run("web", Optional.of(1_209_600L));

        assertThat(r.ok()).isTrue();
        assertThat(r.restoreSeconds()).isEqualTo(40.0);
        assertThat(r.bootSeconds()).isEqualTo(60.0);
        assertThat(r.recoverySeconds()).isEqualTo(100.0);
        assertThat(steps.ran).hasSize(5).startsWith("restore", "room", "boot", "check");
        assertThat(steps.ran.get(4)).matches("discard drill-web-[0-9a-f]{4}");
        assertThat(steps.existing).isEmpty();
        DrillStatus s = status();
        assertThat(s.lastRunOk()).isTrue();
        assertThat(s.lastSuccessEpochSeconds()).isEqualTo(T0.getEpochSecond() + 102);
        assertThat(s.recoverySeconds()).contains(100.0);
        assertThat(s.backupId()).isEqualTo(LATEST.id());
        assertThat(s.backupEpochSeconds()).isEqualTo(LATEST.time().getEpochSecond());
        assertThat(s.maxAgeSeconds()).isEqualTo(1_209_600L);
        assertThat(s.lastMessage()).isEqualTo("restored " + LATEST.id() + " (incremental) in 40.0 s, SSH answered after 60.0 s: recovery time 100.0 s");
        assertThat(lockFile()).as("no throwaway left to name").doesNotContain("throwaway");
    }

    @Test
    void everyFailingStep_stillDiscardsTheThrowaway_recordsTheReason_andKeepsTheLastSuccess() throws Exception {
        runner(Duration.ofSeconds(1)).run("web", Optional.empty());
        for (String at : List.of("restore", "room", "boot", "check")) {
            steps.ran.clear();
            steps.failAt = at;
            steps.failure = new BackupException(at + " went wrong");
            assertThatThrownBy(() -> runner(Duration.ofSeconds(1)).run("web", Optional.empty()))
                    .isInstanceOf(BackupException.class).hasMessage("restore drill of web failed: " + at + " went wrong");
            assertThat(steps.ran.getLast()).as(at).startsWith("discard drill-web-");
            assertThat(steps.existing).as(at).isEmpty();
        }
        DrillStatus s = status();
        assertThat(s.lastRunOk()).isFalse();
        assertThat(s.failuresTotal()).isEqualTo(4);
        assertThat(s.lastMessage()).isEqualTo("check went wrong");
        assertThat(s.lastSuccessEpochSeconds()).as("the earlier success and its recovery time stay").isEqualTo(T0.getEpochSecond() + 102);
        assertThat(s.recoverySeconds()).contains(100.0);
    }

    @Test
    void anInterruptedDrill_discardsWithTheInterruptSetAside_andKeepsTheInterruptAfterwards() throws Exception {
        steps.failAt = "boot";
        steps.failure = new InterruptedException("sleep interrupted"); // as Thread.sleep throws it: the flag cleared
        try {
            assertThatThrownBy(() -> runner(Duration.ofSeconds(1)).run("web", Optional.empty()))
                    .hasMessage("restore drill of web failed: interrupted (the instance is stopping)");
            assertThat(steps.interruptedDuringDiscard).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).as("set again for whoever interrupted").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(steps.existing).isEmpty();
    }

    @Test
    void aThrowawayThatCouldNotBeRemoved_failsTheDrill_andTheNextDrillRemovesItFirst() throws Exception {
        steps.discardFails = true;
        assertThatThrownBy(() -> runner(Duration.ofSeconds(1)).run("web", Optional.empty()))
                .hasMessageContaining("the throwaway instance drill-web-").hasMessageContaining("could not be removed");
        String left = steps.existing.iterator().next();
        assertThat(lockFile()).contains("\"throwaway\" : \"" + left + "\"");
        assertThat(status().lastRunOk()).isFalse();

        steps.discardFails = false;
        steps.ran.clear();
        assertThat(runner(Duration.ofSeconds(1)).run("web", Optional.empty()).ok()).isTrue();
        assertThat(steps.ran.getFirst()).isEqualTo("discard " + left);
        assertThat(steps.existing).isEmpty();
    }

    @Test
    void aLockFileNamingSomethingElse_neverMakesADrillRemoveIt() throws Exception {
        Files.writeString(home.resolve(HostDrillLock.FILE), "{\"pid\": 1, \"instance\": \"x\", \"throwaway\": \"web\"}");
        steps.existing.add("web");
        assertThat(runner(Duration.ofSeconds(1)).run("web", Optional.empty()).ok()).isTrue();
        assertThat(steps.ran).noneMatch(s -> s.equals("discard web"));
        assertThat(steps.existing).containsExactly("web");
    }

    @Test
    void aThrowawayName_isNeverAnExistingInstance() {
        InstanceName n = DrillRunner.throwawayName("a-rather-long-instance-name-of-forty-five-chars");
        assertThat(n.value()).matches("drill-a-rather-long-instance-name-of-forty-[0-9a-f]{4}").hasSizeLessThanOrEqualTo(48);
    }

    /** Two drills on one host never run at once: the second waits, and gives up (recorded as failed) when its wait runs out. */
    @Test
    void whileAnotherDrillHoldsTheHostLock_aDrillWaits_thenFailsSayingWhy() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = Thread.ofPlatform().start(() -> {
            try (HostDrillLock lock = HostDrillLock.acquire(home, "db", Duration.ofSeconds(1))) {
                held.countDown();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> runner(Duration.ofMillis(300)).run("web", Optional.empty()))
                    .hasMessageContaining("another restore drill has run on this host for more than 0 minutes");
            assertThat(steps.ran).isEmpty();
            assertThat(status().failuresTotal()).isEqualTo(1);
        } finally {
            release.countDown();
            other.join();
        }
        assertThat(runner(Duration.ofSeconds(1)).run("web", Optional.empty()).ok()).isTrue();
    }
}
