package io.hurdvm.cli.backup;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.config.ByteSize;
import io.hurdvm.errors.ErrorText;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.storage.backup.BackupStatus;
import io.hurdvm.storage.backup.DrillStatus;
import io.hurdvm.storage.backup.RecoveryPoint;
import io.hurdvm.storage.schedule.SchedulePlaces;
import io.hurdvm.storage.schedule.ScheduleStore;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = {
        "Recovery point and recovery time in numbers. Per target: the newest backup that would restore (its whole chain there, with a key"
                + " every manifest authenticated, every file at its size; --verify also reads the data back) and its age.",
        "Then the last backup, and the last restore drill with the recovery time it measured (restore plus boot until SSH answered).",
        "Without --target: every place the instance's schedules use (backup targets, copies, drill sources), else the default target."
                + " Exit status 6 when a target has no backup that would restore."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup status web", "  hurdvm backup status web --target s3://offsite/vms --verify --output json"})
final class BackupStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance.") String name;
    @Option(names = "--verify", description = "Read every file of each recovery point's chain back and check its SHA-256 (and every tag, with the key).")
    boolean verify;
    @Mixin TargetOptions targetOptions;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    /** One place's recovery point; {@code error} when the place could not be read. */
    record TargetReport(String target, String role, String newest, Instant newestTime, String kind, Long ageSeconds, int backups,
                        boolean dataRead, boolean authenticated, List<String> passedOver, String error) {
    }

    /** The last drill as recorded, with its age. */
    record DrillReport(boolean ok, Instant finished, long ageSeconds, String message, Instant lastSuccess, String restoredBackup,
                       double restoreSeconds, double bootSeconds, long failuresTotal, Long maxAgeSeconds) {
    }

    /**
     * {@code --output json}. {@code recoveryPointSeconds}: age of the newest backup that would restore, over
     * all targets (null if none would); {@code recoveryTimeSeconds}: restore plus boot of the last successful
     * drill (null if none succeeded).
     */
    record Report(String instance, Long recoveryPointSeconds, Double recoveryTimeSeconds, List<TargetReport> targets,
                  BackupStatus lastBackup, DrillReport lastDrill) {
    }

    @Override
    public Integer call() throws Exception {
        CliContext ctx = CliContext.of(spec);
        InstanceName instance = InstanceName.of(name);
        InstancePaths paths = ctx.store().paths(instance);
        Instant now = Instant.now();
        Progress progress = Progress.compactForStderr(spec.commandLine().getErr());
        List<TargetReport> targets = new ArrayList<>();
        for (SchedulePlaces.Place place : places(ctx, paths)) {
            targets.add(report(ctx, place, instance.value(), now, progress));
        }
        progress.finish();
        Optional<DrillStatus> drill = Files.isDirectory(paths.dir()) ? DrillStatus.read(paths.dir()) : Optional.empty();
        Report r = new Report(instance.value(),
                targets.stream().map(TargetReport::ageSeconds).filter(a -> a != null).min(Long::compare).orElse(null),
                drill.flatMap(DrillStatus::recoverySeconds).orElse(null), targets,
                Files.isDirectory(paths.dir()) ? BackupStatus.read(paths.dir()).orElse(null) : null,
                drill.filter(d -> d.lastRunEpochSeconds() > 0).map(d -> drillReport(d, now)).orElse(null));
        print(spec.commandLine().getOut(), r, now);
        return targets.stream().allMatch(t -> t.newest() != null) ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    /** {@code --target} alone when given; else the schedules' places; else the default target. */
    private List<SchedulePlaces.Place> places(CliContext ctx, InstancePaths paths) {
        String role = targetOptions.anyGivenTarget() ? "--target" : "default target";
        SchedulePlaces.Place given = new SchedulePlaces.Place(targetOptions.targetUri(ctx), role, env -> targetOptions.open(ctx),
                () -> targetOptions.key(ctx));
        if (targetOptions.anyGivenTarget() || !Files.isDirectory(paths.dir())) {
            return List.of(given);
        }
        List<SchedulePlaces.Place> scheduled = SchedulePlaces.of(ScheduleStore.of(paths).load());
        return scheduled.isEmpty() ? List.of(given) : scheduled;
    }

    private TargetReport report(CliContext ctx, SchedulePlaces.Place place, String instance, Instant now, Progress progress) {
        try (BackupTarget target = place.open(ctx.env())) {
            // --key-file on the command line stands for every place; else each place's own plan says.
            Optional<BackupKey> key = targetOptions.keyGiven() ? targetOptions.key(ctx) : place.key().get();
            RecoveryPoint p = RecoveryPoint.of(target, instance, key, verify, progress);
            Optional<BackupManifest> m = p.newest();
            return new TargetReport(place.uri(), place.role(), m.map(BackupManifest::id).orElse(null), m.map(BackupManifest::time).orElse(null),
                    m.map(BackupManifest::kind).orElse(null), p.age(now).map(Duration::toSeconds).orElse(null), p.backups(), p.dataRead(),
                    p.authenticated(), p.passedOver(), null);
        } catch (RuntimeException e) {
            return new TargetReport(place.uri(), place.role(), null, null, null, null, 0, false, false, List.of(), ErrorText.of(e));
        }
    }

    private static DrillReport drillReport(DrillStatus d, Instant now) {
        return new DrillReport(d.lastRunOk(), Instant.ofEpochSecond(d.lastRunEpochSeconds()), now.getEpochSecond() - d.lastRunEpochSeconds(),
                d.lastMessage(), d.lastSuccessEpochSeconds() == 0 ? null : Instant.ofEpochSecond(d.lastSuccessEpochSeconds()), d.backupId(),
                d.restoreSeconds(), d.bootSeconds(), d.failuresTotal(), d.maxAgeSeconds());
    }

    private void print(PrintWriter out, Report r, Instant now) {
        if (output.structured()) {
            output.print(out, r);
            out.flush();
            return;
        }
        out.println("backup status of " + r.instance());
        for (TargetReport t : r.targets()) {
            if (t.error() != null) {
                out.printf("  %s (%s): cannot read: %s%n", t.target(), t.role(), t.error());
            } else if (t.newest() == null) {
                out.printf("  %s (%s): NO backup that would restore (%d listed)%n", t.target(), t.role(), t.backups());
            } else {
                out.printf("  %s (%s): %s (%s) %s old, %s%n", t.target(), t.role(), t.newest(), t.kind(), age(t.ageSeconds()),
                        (t.dataRead() ? "data read back" : "chain and sizes checked") + (t.authenticated() ? ", authenticated" : ", not authenticated (no key)"));
            }
            t.passedOver().forEach(p -> out.println("    passed over: " + p));
        }
        BackupStatus b = r.lastBackup();
        if (b != null && b.lastSuccessEpochSeconds() > 0) {
            out.printf("  last backup: %s ago, took %.0f s, %s; %d failure(s) so far%n",
                    age(now.getEpochSecond() - b.lastSuccessEpochSeconds()), b.lastDurationSeconds(), ByteSize.human(b.lastBytes()), b.failuresTotal());
        }
        DrillReport d = r.lastDrill();
        if (d == null) {
            out.println("  last drill: none (add one: hurdvm schedule add " + r.instance() + " --kind drill --cron ...)");
        } else {
            out.printf("  last drill: %s %s ago: %s%n", d.ok() ? "ok" : "FAILED", age(d.ageSeconds()), d.message());
        }
        out.println("  recovery point: " + (r.recoveryPointSeconds() == null ? "none (no backup would restore)" : age(r.recoveryPointSeconds()))
                + "; recovery time: " + (r.recoveryTimeSeconds() == null ? "not measured (no successful drill)"
                : String.format(Locale.ROOT, "%.1f s (last successful drill)", r.recoveryTimeSeconds())));
        out.flush();
    }

    /** "41 s", "12 min", "3 h 02 min", "5 d 3 h". */
    static String age(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172_800) {
            return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
}
