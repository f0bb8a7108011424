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
 * Memory first (one HurdvmMetrics with default settings, as the daemon holds it), then latency in three
 * cache modes scraped round-robin, so that the host's changing load hits all modes alike.
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
        for (HurdvmMetrics e : exporters) {
            e.scrape(); // first scrape of each: caches and JIT, not counted
        }
        for (int i = 0; i < scrapes; i++) {
            for (int m = 0; m < exporters.length; m++) {
                long s = System.nanoTime();
                exporters[m].scrape();
                ms[m][i] = (System.nanoTime() - s) / 1e6;
            }
        }
        for (int m = 0; m < exporters.length; m++) {
            System.out.println(row(label, MODES.get(m).description(), ms[m]));
            exporters[m].close();
        }
        held.close();
    }

    static String row(String label, String mode, double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
        return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |",
                label, mode, n, sorted[0], median, p90, sorted[n - 1]);
    }

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
