package io.hurdvm.supervisor;

import io.hurdvm.qemu.VmProcess;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.qmp.QmpCommands;
import io.hurdvm.qmp.QmpEvent;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One lifetime of a QEMU process and its QMP connection. Remembers whether the guest itself
 * asked to power off (QMP SHUTDOWN with {@code guest: true}), which is not a crash.
 */
final class QemuRun implements VmRun {
    private final VmProcess process;
    private final QmpClient qmp;
    private final boolean adopted;
    private volatile boolean guestShutdown;
    private volatile String panic;
    private volatile String restoredFrom;

    QemuRun(VmProcess process, QmpClient qmp, boolean adopted) {
        this.process = process;
        this.qmp = qmp;
        this.adopted = adopted;
        qmp.addEventListener(this::onEvent);
    }

    private void onEvent(QmpEvent e) {
        if ("SHUTDOWN".equals(e.name()) && e.data() != null && e.data().path("guest").asBoolean(false)) {
            guestShutdown = true;
        }
    }

    @Override
    public VmProcess process() {
        return process;
    }

    @Override
    public QmpClient qmp() {
        return qmp;
    }

    private QmpCommands commands() {
        return new QmpCommands(qmp);
    }

    @Override
    public String humanMonitorCommand(String command) {
        return commands().humanMonitorCommand(command);
    }

    @Override
    public boolean adopted() {
        return adopted;
    }

    /** This run resumed template {@code template}'s saved state instead of booting. */
    void restoredFrom(String template) {
        this.restoredFrom = template;
    }

    @Override
    public java.util.Optional<String> restoredFrom() {
        return java.util.Optional.ofNullable(restoredFrom);
    }

    @Override
    public boolean guestShutdown() {
        return guestShutdown;
    }

    @Override
    public java.util.Optional<String> panic() {
        return java.util.Optional.ofNullable(panic);
    }

    @Override
    public void panicked(String line) {
        panic = line;
    }

    @Override
    public void powerdown() {
        commands().systemPowerdown();
    }

    @Override
    public void quit() {
        commands().quit();
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** Waits for QEMU to exit; true if it did within the timeout. */
    @Override
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    @Override
    public void close() {
        qmp.close();
    }
}
