package io.hurdvm.qemu;

import io.hurdvm.vm.Accel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Resolves the requested accelerator. For {@code auto}, a usable /dev/kvm is not enough: under nested
 * virtualisation KVM can be far slower than TCG, so both are timed on the same workload
 * ({@link SeaBiosBenchmark}) and the result is cached per host for {@link #MAX_AGE}.
 *
 * <p>The rule: KVM is chosen iff its run reached the milestone within its deadline and either TCG's
 * did not, or KVM's time is at most TCG's. Otherwise TCG.
 */
public final class AccelDecider {
    public static final Duration MAX_AGE = Duration.ofDays(7);
    static final Duration TCG_DEADLINE = Duration.ofSeconds(15);
    /** KVM gets 5x TCG's time (3-15 s): past that it is clearly slower and waiting longer proves nothing. */
    static final Duration KVM_MIN_DEADLINE = Duration.ofSeconds(3);

    private final KvmDevice kvm;
    private final AccelBenchmark benchmark;
    private final AccelProbeCache cache;
    private final Supplier<HostKey> host;
    private final Clock clock;

    public AccelDecider(KvmDevice kvm, AccelBenchmark benchmark, AccelProbeCache cache, Supplier<HostKey> host, Clock clock) {
        this.kvm = kvm;
        this.benchmark = benchmark;
        this.cache = cache;
        this.host = host;
        this.clock = clock;
    }

    /** The real thing: /dev/kvm, the SeaBIOS benchmark with {@code qemuBinary}, cache in {@code cacheFile}. */
    public static AccelDecider forHost(String qemuBinary, Path cacheFile, String searchPath) {
        QemuBuildCache builds = new QemuBuildCache(cacheFile.resolveSibling(QemuBuildCache.FILE_NAME), searchPath);
        return new AccelDecider(KvmDevice.standard(), new SeaBiosBenchmark(qemuBinary), new AccelProbeCache(cacheFile),
                () -> HostKey.current(qemuBinary, new ProcessCommandRunner(), builds), Clock.systemUTC());
    }

    public AccelDecision decide(Accel requested) {
        return switch (requested) {
            case TCG -> AccelDecision.tcg("tcg requested");
            case KVM -> requireKvm();
            case AUTO -> auto();
        };
    }

    private AccelDecision requireKvm() {
        return switch (kvm.availability()) {
            case MISSING -> throw new AccelUnavailableException("--accel kvm: " + kvm.path()
                    + " does not exist (no KVM on this host): use --accel tcg or --accel auto");
            case NO_PERMISSION -> throw new AccelUnavailableException("--accel kvm: " + kvm.path() + " is not readable and writable by "
                    + System.getProperty("user.name") + ": add the user to the kvm group or use --accel tcg");
            case USABLE -> AccelDecision.kvm("kvm requested");
        };
    }

    private AccelDecision auto() {
        return switch (kvm.availability()) {
            case MISSING -> AccelDecision.tcg(kvm.path() + " missing; using tcg");
            case NO_PERMISSION -> AccelDecision.tcg(kvm.path() + " present but no permission (add user "
                    + System.getProperty("user.name") + " to the kvm group); using tcg");
            case USABLE -> decide(measured());
        };
    }

    private AccelProbe measured() {
        HostKey key = host.get();
        return cache.find(key).filter(p -> p.isFresh(clock.instant(), MAX_AGE)).orElseGet(() -> {
            BenchmarkRun tcg = benchmark.run(Accel.TCG, TCG_DEADLINE);
            BenchmarkRun kvmRun = benchmark.run(Accel.KVM, kvmDeadline(tcg));
            AccelProbe probe = new AccelProbe(key, clock.instant(), tcg, kvmRun);
            if (probe.conclusive()) {
                cache.store(probe);
            }
            return probe;
        });
    }

    static Duration kvmDeadline(BenchmarkRun tcg) {
        Duration fiveTimes = tcg.elapsed().map(d -> d.multipliedBy(5)).orElse(TCG_DEADLINE);
        return fiveTimes.compareTo(KVM_MIN_DEADLINE) < 0 ? KVM_MIN_DEADLINE
                : fiveTimes.compareTo(TCG_DEADLINE) > 0 ? TCG_DEADLINE : fiveTimes;
    }

    /** The decision rule (see class comment), with a reason that quotes the measurement. */
    static AccelDecision decide(AccelProbe probe) {
        BenchmarkRun kvm = probe.kvm();
        BenchmarkRun tcg = probe.tcg();
        String when = "measured " + probe.measuredAt().atZone(ZoneOffset.UTC).toLocalDate();
        if (kvm.finished() && (!tcg.finished() || kvm.elapsed().get().compareTo(tcg.elapsed().get()) <= 0)) {
            return AccelDecision.kvm("kvm not slower than tcg (kvm " + seconds(kvm.elapsed().get()) + " vs tcg "
                    + describe(tcg) + ", " + when + "); using kvm");
        }
        if (kvm.failure().isPresent()) {
            return AccelDecision.tcg("kvm present but QEMU failed under it (" + kvm.failure().get() + ", " + when + "); using tcg");
        }
        if (!tcg.finished()) {
            return AccelDecision.tcg("accel probe inconclusive (neither kvm nor tcg finished SeaBIOS start-up in time, "
                    + when + "); using tcg");
        }
        return AccelDecision.tcg("kvm present but slower than tcg (kvm " + describe(kvm) + " vs tcg "
                + seconds(tcg.elapsed().get()) + ", " + when + "); using tcg");
    }

    private static String describe(BenchmarkRun run) {
        return run.elapsed().map(AccelDecider::seconds).orElse("not done after " + seconds(run.deadline()));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
