package io.hurdvm.api;

import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.UpRequest;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.vm.InstanceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The instances {@code serve --up} keeps: brought up in the background once the API listens (so
 * {@code /healthz} answers during a long boot), and stopped gracefully when the daemon is asked to
 * stop. Only the ones this daemon started are stopped; one that already ran is left alone.
 */
public final class ServedInstances {
    private static final Logger LOG = LoggerFactory.getLogger(ServedInstances.class);
    /** The same key as the supervisor's context property: one name for log collectors to read. */
    private static final String INSTANCE_KEY = "instance_name";
    private final InstanceService service;
    private final List<InstanceName> names;
    private final Duration stopTimeout;
    private final List<InstanceName> started = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private Thread upThread;

    public ServedInstances(InstanceService service, Set<InstanceName> names, Duration stopTimeout) {
        this.service = service;
        this.names = List.copyOf(names);
        this.stopTimeout = stopTimeout;
    }

    public synchronized void startInBackground() {
        upThread = Thread.ofPlatform().name("serve-up").daemon().start(this::upAll);
    }

    private void upAll() {
        for (InstanceName name : names) {
            if (stopping) {
                return;
            }
            // Log lines about one instance carry its name (JSON: "mdc":{"instance_name":...}): collectors label by it.
            try (var mdc = MDC.putCloseable(INSTANCE_KEY, name.value())) {
                var prepared = service.prepare(new UpRequest(name.value(), Map.of(), Optional.empty(), Optional.empty()), line -> LOG.info("{}: {}", name, line));
                if (!prepared.alreadyRunning()) {
                    // Recorded before the supervisor is spawned, so a stop that races the boot still stops it.
                    started.add(name);
                }
                UpResult r = service.startAndWait(prepared, line -> LOG.info("{}: {}", name, line), boot -> { });
                LOG.info("{}: {} ({})", name, r.message(), r.outcome());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: cannot bring it up: {}", name, e.getMessage());
            }
        }
    }

    /** Stops bringing instances up, then stops those this daemon started. Returns when they are down. */
    public void stopStarted() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = upThread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (InstanceName name : new ArrayList<>(started).reversed()) {
            try (var mdc = MDC.putCloseable(INSTANCE_KEY, name.value())) {
                Optional<String> how = service.down(name, stopTimeout, false, step -> LOG.info("{}: {}", name, step));
                LOG.info("{}: {}", name, how.map(h -> "stopped (" + h + ")").orElse("was not running"));
            } catch (Exception e) {
                LOG.error("{}: stop failed: {}", name, e.getMessage());
            }
        }
    }
}
