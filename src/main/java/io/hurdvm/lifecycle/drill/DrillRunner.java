package io.hurdvm.lifecycle.drill;

import io.hurdvm.errors.ErrorText;
import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.storage.backup.DrillStatus;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restore drill: under the host's drill lock, removes what a killed earlier drill left, restores the
 * latest backup into a throwaway instance (never the instance itself), checks the host has room for it,
 * boots it until SSH answers, runs the check command, and removes the throwaway instance again on every
 * path: success, failure, interruption. Records the result, the restore and boot times in the
 * instance's {@link DrillStatus}; a failure is rethrown with its reason, so a schedule records it too.
 */
public final class DrillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);
    /** Drills take minutes; one still waiting for the lock after this long gives up until its next time. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern THROWAWAY = Pattern.compile("drill-[a-z0-9][a-z0-9_.-]*-[0-9a-f]{4}");

    /** What one drill found; times in seconds. */
    public record Report(boolean ok, String message, String backupId, double restoreSeconds, double bootSeconds, double seconds) {
        /** The recovery time this drill measured: restore plus boot until SSH answered. */
        public double recoverySeconds() {
            return restoreSeconds + bootSeconds;
        }
    }

    private final Path home;
    private final Path instanceDir;
    private final DrillSteps steps;
    private final Clock clock;
    private final Duration lockWait;

    /**
     * @param home        HURDVM_HOME, where the host's drill lock lives
     * @param instanceDir the drilled instance's folder, where its drill status is recorded
     */
    DrillRunner(Path home, Path instanceDir, DrillSteps steps, Clock clock, Duration lockWait) {
        this.home = home;
        this.instanceDir = instanceDir;
        this.steps = steps;
        this.clock = clock;
        this.lockWait = lockWait;
    }

    /**
     * Runs the drill of {@code instance} and records it.
     *
     * @param maxAgeSeconds the age the drill's schedule allows its last success, for metrics; empty by hand
     * @throws BackupException with the reason when the drill failed (it is recorded all the same)
     */
    public Report run(String instance, Optional<Long> maxAgeSeconds) {
        Instant start = clock.instant();
        Attempt a = new Attempt();
        try (HostDrillLock lock = HostDrillLock.acquire(home, instance, lockWait)) {
            removeLeftover(lock);
            InstanceName throwaway = newThrowaway(instance);
            lock.recordThrowaway(throwaway.value());
            try {
                Instant s = clock.instant();
                try {
                    a.restored = steps.restore(throwaway);
                } finally {
                    a.restoreSeconds = secondsSince(s);
                }
                steps.requireRoom(throwaway);
                s = clock.instant();
                try {
                    steps.boot(throwaway);
                } finally {
                    a.bootSeconds = secondsSince(s);
                }
                steps.check(throwaway);
            } catch (Exception e) {
                a.failure = e instanceof InterruptedException ? "interrupted (the instance is stopping)" : ErrorText.of(e);
                a.interrupted = e instanceof InterruptedException;
            } finally {
                if (discard(throwaway, a)) {
                    lock.recordThrowaway(null);
                }
            }
        } catch (Exception e) {
            a.interrupted |= e instanceof InterruptedException;
            // the lock stayed busy, or a leftover could not be removed
            a.failure = e instanceof BackupException ? e.getMessage() : ErrorText.of(e);
        }
        double seconds = secondsSince(start);
        Report report = a.failure == null
                ? new Report(true, success(a), a.restored.id(), a.restoreSeconds, a.bootSeconds, seconds)
                : new Report(false, a.failure, a.restored == null ? null : a.restored.id(), a.restoreSeconds, a.bootSeconds, seconds);
        record(report, a.restored, maxAgeSeconds);
        if (a.interrupted) {
            Thread.currentThread().interrupt(); // for whoever interrupted: the cleanup is done
        }
        if (!report.ok()) {
            throw new BackupException("restore drill of " + instance + " failed: " + report.message());
        }
        return report;
    }

    /** What one drill got to, for its report. */
    private static final class Attempt {
        BackupManifest restored;
        double restoreSeconds;
        double bootSeconds;
        String failure;
        /** The drill was interrupted: the flag is set again once cleanup and record are done. */
        boolean interrupted;
    }

    private double secondsSince(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }

    /**
     * Only a name of the throwaway pattern is taken from the lock file: whatever it says, a drill never
     * removes an instance it could not have made.
     */
    private void removeLeftover(HostDrillLock lock) throws Exception {
        Optional<String> leftover = lock.leftover();
        if (leftover.isEmpty()) {
            return;
        }
        if (!THROWAWAY.matcher(leftover.get()).matches()) {
            LOG.warn("{} names '{}' as a drill's leftover, which is no throwaway name: left alone", HostDrillLock.FILE, leftover.get());
        } else {
            LOG.warn("removing {}, left by a restore drill that was cut off", leftover.get());
            steps.discard(InstanceName.of(leftover.get()));
        }
        lock.recordThrowaway(null);
    }

    private InstanceName newThrowaway(String instance) {
        InstanceName name;
        do {
            name = throwawayName(instance);
        } while (steps.exists(name));
        return name;
    }

    /**
     * Removes the throwaway instance. Runs after an interruption too, so the interrupt is set aside (a lock
     * wait or a stop would otherwise end at once, and the file channels of the lock and the status would be
     * closed by it); {@link #run} sets it again at its very end. A drill whose cleanup failed has failed,
     * whatever it proved: the name stays in the lock file for the next drill.
     *
     * @return whether it is gone
     */
    private boolean discard(InstanceName throwaway, Attempt a) {
        a.interrupted |= Thread.interrupted();
        try {
            steps.discard(throwaway);
            return true;
        } catch (Exception e) {
            LOG.error("the throwaway instance {} could not be removed: {}", throwaway, e.getMessage(), e);
            a.failure = "the throwaway instance " + throwaway + " could not be removed (" + ErrorText.of(e) + "; the next drill"
                    + " removes it)" + (a.failure == null ? "" : "; " + a.failure);
            return false;
        }
    }

    private static String success(Attempt a) {
        return String.format(Locale.ROOT, "restored %s (%s) in %.1f s, SSH answered after %.1f s: recovery time %.1f s",
                a.restored.id(), a.restored.kind(), a.restoreSeconds, a.bootSeconds, a.restoreSeconds + a.bootSeconds);
    }

    private void record(Report report, BackupManifest restored, Optional<Long> maxAgeSeconds) {
        try {
            DrillStatus before = DrillStatus.read(instanceDir).orElse(DrillStatus.never());
            long now = clock.instant().getEpochSecond();
            DrillStatus after = report.ok()
                    ? before.succeeded(now, report.seconds(), report.message(), report.restoreSeconds(), report.bootSeconds(), restored,
                    maxAgeSeconds)
                    : before.failed(now, report.seconds(), report.message(), maxAgeSeconds);
            DrillStatus.write(instanceDir, after);
        } catch (RuntimeException e) {
            LOG.error("cannot record the restore drill's result in {}: {}", instanceDir, e.getMessage(), e);
        }
    }

    /**
     * {@code drill-NAME-xxxx}: says what it is in {@code hurdvm list}, never an existing name (the random
     * part), within the 48 characters an instance name may have.
     */
    static InstanceName throwawayName(String instance) {
        String base = instance.length() > 36 ? instance.substring(0, 36) : instance;
        return InstanceName.of("drill-" + base + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt(1 << 16)));
    }
}
