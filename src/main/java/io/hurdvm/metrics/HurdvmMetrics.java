package io.hurdvm.metrics;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.qemu.ProcessCommandRunner;
import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.vm.InstanceName;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus exposition of every instance under one HURDVM_HOME plus the exporting JVM's own
 * metrics. Each {@link #scrape()} discovers the instance folders, samples each one in parallel
 * (bounded by {@link ExporterSettings#sourceWait()}), registers series that appeared, removes those
 * that are gone (a removed instance, a stopped QEMU) and renders the text format. Names and labels
 * are those of {@code observability/metrics.txt}; see {@link MetricFamily}.
 */
public final class HurdvmMetrics implements AutoCloseable {
    /** Content type of {@link #scrape()}'s text, for the HTTP response. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(HurdvmMetrics.class);
    /** qemu-img info on a local overlay takes milliseconds; this only bounds a wedged one. */
    private static final Duration QEMU_IMG_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Past the source wait, the rest of an instance's sampling is reading a few small local files, so
     * this only catches a hung filesystem. It is generous because the very first scrape of a cold JVM
     * (class loading, Jackson, JIT) took 5.6 s on the 2-core benchmark host at load 15, and an instance
     * left out of a scrape is a gap on every dashboard; source wait + margin stays under Prometheus's
     * default 10 s scrape timeout.
     */
    private static final Duration FILE_READ_MARGIN = Duration.ofSeconds(8);

    private final InstanceService service;
    private final ExporterSettings settings;
    private final ProcReader proc;
    private final QemuImg qemuImg;
    private final Clock clock = Clock.systemUTC();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MeterSync sync = new MeterSync(registry);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, InstanceSampler> samplers = new HashMap<>();
    private final ProblemLog problems = new ProblemLog(LOG);
    private final VolumeSampler volume;

    public HurdvmMetrics(Path home) {
        this(new InstanceService(home, HostEnvironment.empty()), ExporterSettings.defaults());
    }

    public HurdvmMetrics(InstanceService service, ExporterSettings settings) {
        this.service = service;
        this.settings = settings;
        this.proc = ProcReader.forHost();
        this.qemuImg = new QemuImgCli(new ProcessCommandRunner(), "qemu-img", QEMU_IMG_TIMEOUT);
        InstanceStore store = service.store();
        this.volume = new VolumeSampler(store.instancesDir().getParent(), store.instancesDir());
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Samples every instance now and returns the Prometheus text format (see {@link #CONTENT_TYPE}). */
    public synchronized String scrape() {
        sample();
        return registry.scrape();
    }

    /**
     * Samples every instance now, like {@link #scrape()}, and returns the samples themselves: for the
     * web console's charts, which must show the numbers {@code /metrics} shows.
     */
    public synchronized List<Sample> sample() {
        List<Sample> round = sampleAll();
        sync.apply(round);
        return List.copyOf(round);
    }

    /** The registry, for a caller that wants to add meters of its own (e.g. HTTP request counts). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private List<Sample> sampleAll() {
        List<InstanceName> names = service.store().list();
        samplers.keySet().retainAll(names.stream().map(InstanceName::value).toList());
        problems.retainOnly(samplers.keySet().stream().map(HurdvmMetrics::problemKey).toList());
        Map<String, Future<List<Sample>>> pending = new LinkedHashMap<>();
        for (InstanceName n : names) {
            InstanceSampler sampler = samplers.computeIfAbsent(n.value(), k -> new InstanceSampler(
                    service.store().paths(n), proc, qemuImg, settings, executor, clock));
            pending.put(n.value(), executor.submit(() -> sampler.sample(view(n))));
        }
        List<Sample> all = new ArrayList<>();
        long deadline = System.nanoTime() + settings.sourceWait().plus(FILE_READ_MARGIN).toNanos();
        for (Map.Entry<String, Future<List<Sample>>> e : pending.entrySet()) {
            try {
                all.addAll(e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                all.addAll(volume.sample(e.getKey()));
                problems.clear(problemKey(e.getKey()));
            } catch (ExecutionException ex) {
                problems.report(problemKey(e.getKey()), "left out of the metrics", ex.getCause() != null ? ex.getCause() : ex);
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                problems.report(problemKey(e.getKey()), "left out of the metrics", new TimeoutException(
                        "sampling took longer than " + settings.sourceWait().plus(FILE_READ_MARGIN).toMillis() + " ms"));
            } catch (InterruptedException ex) {
                // Applying a partial round would delete the series of every instance not yet collected.
                Thread.currentThread().interrupt();
                throw new IllegalStateException("metrics scrape interrupted");
            }
        }
        return all;
    }

    /** What status shows; a half-written or hand-edited folder fails here with a cause worth naming. */
    private InstanceView view(InstanceName name) {
        try {
            return service.view(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read spec.json or state.json in "
                    + service.store().paths(name).dir() + " (" + e + ")", e);
        }
    }

    private static String problemKey(String instance) {
        return "instance " + instance;
    }

    @Override
    public void close() {
        gcMetrics.close();
        executor.shutdownNow();
        registry.close();
    }
}
