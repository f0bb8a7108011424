import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.metrics.ExporterSettings;
import io.hurdvm.metrics.HurdvmMetrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scrape latency and memory of io.hurdvm.metrics against a real HURDVM_HOME prepared by run.sh.
 * Memory first (one HurdvmMetrics with default settings, as the daemon holds it), then latency and
 * CPU per scrape in three cache modes scraped round-robin, so that the host's changing load hits all
 * modes alike.
 *
 * Usage: java -cp CLASSES:target/hurdvm.jar:target/lib/* MetricsBench HOME LABEL SCRAPES
 */
public class MetricsBench {
    record Mode(String description, ExporterSettings settings) {
    }

    static final List<Mode> MODES = List.of(
            new Mode("every source every scrape (TTLs 0)",
                    new ExporterSettings(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO)),
            new Mode("QMP every scrape, qemu-img cached (15 s interval)",
                    new ExporterSettings(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(30))),
            new Mode("defaults, back-to-back (all cached)", ExporterSettings.defaults()));

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String label = args[1];
        int scrapes = Integer.parseInt(args[2]);
        InstanceService service = new InstanceService(home, Map.of());

        long rssBefore = rssKib();
        long heapBefore = heapAfterGc();
        HurdvmMetrics held = new HurdvmMetrics(service, ExporterSettings.defaults());
        long t = System.nanoTime();
        String text = held.scrape();
        long firstMs = (System.nanoTime() - t) / 1_000_000;
        Files.writeString(home.resolve("bench-scrape-" + label.replace(' ', '-') + ".prom"), text);
        for (int i = 0; i < scrapes; i++) {
            held.scrape();
        }
        long rssHolding = rssKib();
        long heapHolding = heapAfterGc();
        System.out.printf(Locale.ROOT, "MEMORY | %s | RSS %.1f MiB -> %.1f MiB | heap after full GC %.1f MiB -> %.1f MiB"
                        + " | first scrape %d ms, %d series lines%n", label, rssBefore / 1024.0, rssHolding / 1024.0,
                heapBefore / 1048576.0, heapHolding / 1048576.0, firstMs,
                text.lines().filter(l -> !l.startsWith("#")).count());

        HurdvmMetrics[] exporters = MODES.stream().map(m -> new HurdvmMetrics(service, m.settings())).toArray(HurdvmMetrics[]::new);
        double[][] ms = new double[MODES.size()][scrapes];
        long[][] cpuTicks = new long[MODES.size()][3];
        List<Long> supervisors = supervisorPids(home);
        for (HurdvmMetrics e : exporters) {
            e.scrape(); // first scrape of each: caches and JIT, not counted
        }
        for (int i = 0; i < scrapes; i++) {
            for (int m = 0; m < exporters.length; m++) {
                long[] before = cpu(supervisors);
                long s = System.nanoTime();
                exporters[m].scrape();
                ms[m][i] = (System.nanoTime() - s) / 1e6;
                long[] after = cpu(supervisors);
                for (int k = 0; k < 3; k++) {
                    cpuTicks[m][k] += after[k] - before[k];
                }
            }
        }
        for (int m = 0; m < exporters.length; m++) {
            System.out.println(row(label, MODES.get(m).description(), ms[m], cpuTicks[m]));
            exporters[m].close();
        }
        held.close();
    }

    /**
     * CPU ticks so far of this JVM (the exporter), of its reaped children (the qemu-img runs) and of
     * the instances' supervisors (answering QMP over the control socket). CPU time, unlike wall time,
     * hardly depends on how busy the shared host is.
     */
    static long[] cpu(List<Long> supervisors) throws IOException {
        String[] self = statFields("self");
        long sup = 0;
        for (long pid : supervisors) {
            String[] f = statFields(Long.toString(pid));
            sup += f.length == 0 ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return new long[] {Long.parseLong(self[11]) + Long.parseLong(self[12]),
                Long.parseLong(self[13]) + Long.parseLong(self[14]), sup};
    }

    /** Fields of /proc/PID/stat after the command name (index 11 = utime, field 14); none if gone. */
    static String[] statFields(String pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        } catch (java.nio.file.NoSuchFileException e) {
            return new String[0];
        }
    }

    static List<Long> supervisorPids(Path home) throws IOException {
        try (var dirs = Files.list(home.resolve("instances"))) {
            return dirs.map(d -> d.resolve("supervisor.pid")).filter(Files::isRegularFile).map(f -> {
                try {
                    return Long.parseLong(Files.readString(f).trim());
                } catch (IOException | NumberFormatException e) {
                    return 0L;
                }
            }).filter(p -> p > 0 && ProcessHandle.of(p).isPresent()).toList();
        }
    }

    static String row(String label, String mode, double[] samples, long[] ticks) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
        double msPerTick = 1000.0 / TICKS_PER_SECOND;
        return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |",
                label, mode, n, sorted[0], median, p90, sorted[n - 1],
                ticks[0] * msPerTick / n, ticks[1] * msPerTick / n, ticks[2] * msPerTick / n);
    }

    /** USER_HZ; 100 on Linux (run.sh checks getconf CLK_TCK). */
    static final long TICKS_PER_SECOND = 100;

    static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
