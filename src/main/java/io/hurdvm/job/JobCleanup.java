package io.hurdvm.job;

import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.LifecycleException;
import io.hurdvm.time.Backoff;
import io.hurdvm.time.Deadline;
import io.hurdvm.vm.InstanceName;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Removes a job's instance: stopped at once (QMP quit, nothing in it is kept) by its own
 * supervisor, then deleted. A supervisor that was only just spawned may not have recorded itself
 * yet, so a refused removal is tried again until a deadline.
 */
final class JobCleanup {
    private static final Duration STOP = Duration.ofSeconds(15);
    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private final InstanceService service;
    private final Consumer<String> progress;

    JobCleanup(InstanceService service, Consumer<String> progress) {
        this.service = service;
        this.progress = progress;
    }

    void remove(InstanceName name) {
        Deadline deadline = Deadline.after(DEADLINE);
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(500));
        RuntimeException last = null;
        while (!deadline.passed()) {
            if (!service.store().exists(name)) {
                return;
            }
            try {
                service.down(name, STOP, true, line -> { });
                service.remove(name);
                progress.accept("removed " + name);
                return;
            } catch (LifecycleException | io.hurdvm.instance.InstanceBusyException e) {
                last = e;
            } catch (Exception e) {
                last = new IllegalStateException(e.getMessage(), e);
            }
            try {
                backoff.pause(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        progress.accept("warning: could not remove " + name + (last == null ? "" : ": " + last.getMessage())
                + "; remove it with 'hurdvm down " + name + " --force' and 'hurdvm rm " + name + "'");
    }
}
