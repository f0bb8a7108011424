package io.hurdvm.metrics;

import io.hurdvm.storage.backup.BackupStatus;
import io.hurdvm.storage.backup.DrillStatus;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.metrics.ProcReader.ProcessUsage;
import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.control.ControlQmpExecutor;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples one instance: lifecycle from its recorded state, CPU and memory from /proc, block I/O over
 * QMP (through the supervisor's control socket, never qmp.sock, which only the supervisor may use),
 * overlay size and snapshots from qemu-img, backups from backup-status.json, restore drills from drill-status.json. Holds the caches of
 * this instance, so it lives as long as the instance folder does.
 */
final class InstanceSampler {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceSampler.class);

    private final String name;
    private final InstancePaths paths;
    private final ProcReader proc;
    private final ExporterSettings settings;
    private final Clock clock;
    private final AsyncCache<List<DriveStats>> blockStats;
    private final AsyncCache<DiskImageFacts> imageFacts;
    private final ProblemLog problems = new ProblemLog(LOG);
    /** The QEMU whose block counters {@link #blockStats} holds; 0 for none. */
    private long blockStatsPid;

    InstanceSampler(InstancePaths paths, ProcReader proc, QemuImg qemuImg, ExporterSettings settings,
                    Executor executor, Clock clock) {
        this.name = paths.name();
        this.paths = paths;
        this.proc = proc;
        this.settings = settings;
        this.clock = clock;
        QmpExecutor qmp = new ControlQmpExecutor(paths.controlSocket());
        this.blockStats = new AsyncCache<>("block stats of " + name,
                () -> DriveStats.parse(qmp.execute("query-blockstats", null, settings.sourceWait())),
                settings.blockStatsTtl(), executor, clock);
        this.imageFacts = new AsyncCache<>("qemu-img info of " + paths.disk(),
                () -> DiskImageFacts.of(qemuImg.info(paths.disk())), settings.imageInfoTtl(), executor, clock);
    }

    /** Every series of this instance; the slow sources are waited for at most {@code settings.sourceWait()} in all. */
    List<Sample> sample(InstanceView view) {
        Instant deadline = clock.instant().plus(settings.sourceWait());
        Optional<ProcessUsage> qemu = ourQemu(view);
        boolean hasDisk = Files.isRegularFile(paths.disk());
        long pid = qemu.isPresent() ? view.qemuPid() : 0;
        if (pid != blockStatsPid) {
            // Never report one QEMU's counters for another (or for none): they restart at 0 with each process.
            blockStats.invalidate();
            blockStatsPid = pid;
        }
        // Start both slow fetches before waiting for either, so their waits overlap.
        if (qemu.isPresent()) {
            blockStats.refreshIfStale();
        }
        if (hasDisk) {
            imageFacts.refreshIfStale();
        }
        List<Sample> out = new ArrayList<>(LifecycleSamples.of(view, qemu.isPresent()));
        qemu.ifPresent(u -> {
            out.add(Sample.of(MetricFamily.VMI_CPU_USAGE, name, u.cpuSeconds()));
            out.add(Sample.of(MetricFamily.VMI_MEMORY_RESIDENT, name, u.residentBytes()));
            blockStats.get(remaining(deadline)).ifPresent(drives -> drives.forEach(d -> addDrive(out, d)));
        });
        if (hasDisk) {
            imageFacts.get(remaining(deadline)).ifPresent(f -> {
                out.add(Sample.of(MetricFamily.VM_OVERLAY_BYTES, name, f.allocatedBytes()));
                out.add(Sample.of(MetricFamily.VM_SNAPSHOTS, name, f.snapshots()));
            });
        }
        out.addAll(backups());
        out.addAll(drills());
        return out;
    }

    /**
     * The QEMU process of the instance, if it runs: the view names it only when the recorded pid and
     * start time still match a live process, so a recycled pid is never sampled.
     */
    private Optional<ProcessUsage> ourQemu(InstanceView view) {
        return view.qemuPid() <= 0 ? Optional.empty() : proc.usage(view.qemuPid());
    }

    private void addDrive(List<Sample> out, DriveStats d) {
        out.add(Sample.of(MetricFamily.VMI_STORAGE_READ_BYTES, name, d.drive(), d.readBytes()));
        out.add(Sample.of(MetricFamily.VMI_STORAGE_WRITE_BYTES, name, d.drive(), d.writeBytes()));
        out.add(Sample.of(MetricFamily.VMI_STORAGE_READ_OPS, name, d.drive(), d.readOperations()));
        out.add(Sample.of(MetricFamily.VMI_STORAGE_WRITE_OPS, name, d.drive(), d.writeOperations()));
    }

    /** An unreadable status file drops the backup series rather than reporting a reset counter. */
    private List<Sample> backups() {
        try {
            List<Sample> samples = BackupSamples.of(name, BackupStatus.read(paths.dir()));
            problems.clear("instance " + name);
            return samples;
        } catch (RuntimeException e) {
            problems.report("instance " + name, "backup metrics left out", e);
            return List.of();
        }
    }

    /** As for backups: an unreadable drill status drops the drill series, never reports a reset counter. */
    private List<Sample> drills() {
        try {
            List<Sample> samples = DrillSamples.of(name, DrillStatus.read(paths.dir()));
            problems.clear("drills of " + name);
            return samples;
        } catch (RuntimeException e) {
            problems.report("drills of " + name, "restore drill metrics left out", e);
            return List.of();
        }
    }

    private Duration remaining(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
