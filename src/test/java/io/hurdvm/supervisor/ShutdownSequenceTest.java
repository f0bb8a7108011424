package io.hurdvm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stop sequence against a fake VM: which steps run, in which order, and that the budget holds. */
class ShutdownSequenceTest {
    private static final Duration BUDGET = Duration.ofSeconds(3);
    @TempDir Path dir;

    /** A VM that exits when one of the requests it obeys arrives. */
    static final class FakeVm implements ShutdownSequence.Target {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> exited = new CompletableFuture<>();
        final boolean obeysAcpi;
        final boolean obeysQuit;

        FakeVm(boolean obeysAcpi, boolean obeysQuit) {
            this.obeysAcpi = obeysAcpi;
            this.obeysQuit = obeysQuit;
        }

        @Override public void powerdown() { calls.add("acpi"); if (obeysAcpi) { exited.complete(null); } }
        @Override public void quit() { calls.add("quit"); if (obeysQuit) { exited.complete(null); } }
        @Override public void kill() { calls.add("kill"); exited.complete(null); }
        @Override public long pid() { return 4242; }

        @Override
        public boolean awaitExit(Duration timeout) throws InterruptedException {
            try {
                exited.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The guest's own poweroff over SSH, obeyed or not. */
    static final class FakeGuest implements ShutdownSequence.GuestPoweroff {
        final boolean reachable;
        final FakeVm vm;
        int sent;

        FakeGuest(boolean reachable, FakeVm vm) {
            this.reachable = reachable;
            this.vm = vm;
        }

        @Override public boolean available() { return reachable; }

        @Override
        public boolean send(Duration timeout) {
            sent++;
            vm.calls.add("guest-poweroff");
            vm.exited.complete(null);
            return true;
        }
    }

    private StateRecorder recorder() {
        return new StateRecorder(dir.resolve("state.json"), InstanceState.created());
    }

    @Test
    void hurdLikeGuest_isAskedFirst_andTheButtonIsNeverPressed() throws Exception {
        FakeVm vm = new FakeVm(false, true);
        StopOutcome how = new ShutdownSequence(recorder(), new FakeGuest(true, vm), true).stop(vm, BUDGET, false);
        assertThat(how).isEqualTo(StopOutcome.GUEST_POWEROFF);
        assertThat(vm.calls).containsExactly("guest-poweroff");
    }

    @Test
    void guestWithoutSsh_getsTheAcpiButton() throws Exception {
        FakeVm vm = new FakeVm(true, true);
        StopOutcome how = new ShutdownSequence(recorder(), new FakeGuest(false, vm), true).stop(vm, BUDGET, false);
        assertThat(how).isEqualTo(StopOutcome.ACPI);
        assertThat(vm.calls).containsExactly("acpi");
    }

    @Test
    void acpiFirstProfile_pressesTheButtonBeforeAskingTheGuest() throws Exception {
        FakeVm vm = new FakeVm(true, true);
        StopOutcome how = new ShutdownSequence(recorder(), new FakeGuest(true, vm), false).stop(vm, BUDGET, false);
        assertThat(how).isEqualTo(StopOutcome.ACPI);
        assertThat(vm.calls).containsExactly("acpi");
    }

    @Test
    void guestThatIgnoresEverything_isQuit_withinTheBudget() throws Exception {
        FakeVm vm = new FakeVm(false, true);
        Instant start = Instant.now();
        StopOutcome how = new ShutdownSequence(recorder(), null, true).stop(vm, BUDGET, false);
        assertThat(how).isEqualTo(StopOutcome.QUIT);
        assertThat(vm.calls).containsExactly("acpi", "quit");
        assertThat(Duration.between(start, Instant.now())).isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void qemuThatIgnoresQuit_isKilled_andTheWholeStopStaysWithinTheBudget() throws Exception {
        FakeVm vm = new FakeVm(false, false);
        StateRecorder recorder = recorder();
        List<String> steps = new ArrayList<>();
        recorder.listen(s -> steps.add(s.message()));
        Instant start = Instant.now();
        StopOutcome how = new ShutdownSequence(recorder, null, true).stop(vm, BUDGET, false);
        assertThat(how).isEqualTo(StopOutcome.KILL);
        assertThat(vm.calls).containsExactly("acpi", "quit", "kill");
        assertThat(Duration.between(start, Instant.now())).isLessThanOrEqualTo(BUDGET.plusMillis(500));
        assertThat(steps).anyMatch(s -> s.startsWith("pressing the ACPI power button"))
                .anyMatch(s -> s.contains("sending QMP quit")).anyMatch(s -> s.contains("killing pid 4242"));
    }

    @Test
    void forcedStop_quitsAtOnce_withoutAskingTheGuest() throws Exception {
        FakeVm vm = new FakeVm(true, true);
        FakeGuest guest = new FakeGuest(true, vm);
        StopOutcome how = new ShutdownSequence(recorder(), guest, true).stop(vm, BUDGET, true);
        assertThat(how).isEqualTo(StopOutcome.QUIT);
        assertThat(vm.calls).containsExactly("quit");
        assertThat(guest.sent).isZero();
    }
}
