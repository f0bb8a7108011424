package io.hurdvm.supervisor;

import io.hurdvm.qemu.QemuProcess;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.qmp.QmpCommands;
import io.hurdvm.qmp.QmpEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One lifetime of a QEMU process and its QMP connection. Remembers whether the guest itself
 * asked to power off (QMP SHUTDOWN with {@code guest: true}), which is not a crash.
 */
final class QemuRun implements AutoCloseable {
    private final QemuProcess process;
    private final QmpClient qmp;
    private volatile boolean guestShutdown;

    QemuRun(QemuProcess process, QmpClient qmp) {
        this.process = process;
        this.qmp = qmp;
        qmp.addEventListener(this::onEvent);
    }

    private void onEvent(QmpEvent e) {
        if ("SHUTDOWN".equals(e.name()) && e.data() != null && e.data().path("guest").asBoolean(false)) {
            guestShutdown = true;
        }
    }

    QemuProcess process() {
        return process;
    }

    QmpClient qmp() {
        return qmp;
    }

    QmpCommands commands() {
        return new QmpCommands(qmp);
    }

    boolean guestShutdown() {
        return guestShutdown;
    }

    /** Waits for QEMU to exit; true if it did within the timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    @Override
    public void close() {
        qmp.close();
    }
}
