package io.hurdvm.metrics;

import io.hurdvm.instance.InstanceView;
import io.hurdvm.vm.VmState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lifecycle and sizing series of one instance, from what status shows (state.json + spec.json). */
final class LifecycleSamples {
    private static final double MIB = 1024.0 * 1024.0;

    private LifecycleSamples() {
    }

    /**
     * @param qemuAlive whether the instance's QEMU process exists right now; the recorded state alone
     *                  cannot say (a restarting instance has a supervisor but no QEMU)
     */
    static List<Sample> of(InstanceView view, boolean qemuAlive) {
        String name = view.name();
        List<Sample> out = new ArrayList<>();
        out.add(Sample.of(MetricFamily.VM_UP, name, qemuAlive ? 1 : 0));
        // All eight states every time: alert rules match on state="stopped" == 1 and dashboards need the zeros.
        for (VmState s : VmState.values()) {
            String state = s.name().toLowerCase(Locale.ROOT);
            out.add(Sample.of(MetricFamily.VM_STATE, name, state, state.equals(view.state()) ? 1 : 0));
        }
        if (view.bootSeconds() != null) {
            out.add(Sample.of(MetricFamily.VM_BOOT_DURATION, name, view.bootSeconds()));
        }
        out.add(Sample.of(MetricFamily.VM_RESTARTS, name, view.restarts()));
        out.add(Sample.of(MetricFamily.VM_CRASH_LOOP, name, view.crashLoop() ? 1 : 0));
        out.add(Sample.of(MetricFamily.VMI_VCPUS, name, view.cpus()));
        out.add(Sample.of(MetricFamily.VMI_MEMORY_DOMAIN, name, view.memoryMib() * MIB));
        return out;
    }
}
