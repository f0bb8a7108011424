package io.hurdvm.api;

import io.hurdvm.instance.InstanceView;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Is every instance that should run ready? An instance should run when its recorded state is active
 * (starting, booting, running, stopping, restarting) or when it is in the required set (the ones
 * {@code serve --up} was asked for, and the one {@code health NAME} asks about), so a required
 * instance that failed or was never created counts as not ready.
 *
 * <p>Ready means the supervisor is alive and has seen a login prompt on the serial console. SSH
 * readiness is not required: not every instance has an SSH key, and the console is what every guest
 * has. Used by {@code /readyz} and by {@code hurdvm health}.
 */
public record ReadinessReport(boolean ready, int checked, List<NotReady> notReady) {

    /** An instance that should run but is not ready, and why. */
    public record NotReady(String name, String state, String reason) {
    }

    public ReadinessReport {
        notReady = List.copyOf(notReady);
    }

    public static ReadinessReport of(List<InstanceView> views, Set<InstanceName> required) {
        Set<String> missing = new HashSet<>();
        required.forEach(n -> missing.add(n.value()));
        List<NotReady> notReady = new ArrayList<>();
        int checked = 0;
        for (InstanceView v : views) {
            boolean isRequired = missing.remove(v.name());
            if (!isRequired && !isActive(v.state())) {
                continue;
            }
            checked++;
            if (!v.consoleReady()) {
                notReady.add(new NotReady(v.name(), v.state(), reason(v)));
            }
        }
        missing.stream().sorted().forEach(n -> notReady.add(new NotReady(n, "missing", "instance does not exist")));
        checked += missing.size();
        return new ReadinessReport(notReady.isEmpty(), checked, notReady);
    }

    private static boolean isActive(String state) {
        try {
            return VmState.valueOf(state.toUpperCase(Locale.ROOT)).isActive();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String reason(InstanceView v) {
        if (!v.supervisorAlive()) {
            return "not running" + (v.message() == null ? "" : " (" + v.message() + ")");
        }
        return switch (v.state()) {
            case "starting", "booting" -> "no login prompt on the console yet";
            case "restarting" -> "QEMU exited and is being restarted";
            case "stopping" -> "being stopped";
            default -> "state is " + v.state();
        };
    }
}
