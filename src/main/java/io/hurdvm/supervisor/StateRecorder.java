package io.hurdvm.supervisor;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.JsonFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's single writer of {@code state.json}. Every change is written at once (atomically),
 * so what {@code status} shows is never older than the last step taken.
 */
public final class StateRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(StateRecorder.class);
    private final Path file;
    private final List<Consumer<InstanceState>> listeners = new CopyOnWriteArrayList<>();
    private InstanceState current;

    public StateRecorder(Path file, InstanceState initial) {
        this.file = file;
        this.current = initial;
    }

    public synchronized InstanceState update(UnaryOperator<InstanceState.Builder> change) {
        InstanceState next = change.apply(current.toBuilder()).build();
        if (next.state() != current.state() || !java.util.Objects.equals(next.message(), current.message())) {
            LOG.info("state {} — {}", next.state().name().toLowerCase(java.util.Locale.ROOT), next.message());
        }
        current = next;
        JsonFiles.writeAtomically(file, next);
        listeners.forEach(l -> l.accept(next));
        return next;
    }

    /** Called with every new state, under the recorder's lock: keep it quick. Returns how to stop listening. */
    public Runnable listen(Consumer<InstanceState> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public synchronized InstanceState current() {
        return current;
    }
}
