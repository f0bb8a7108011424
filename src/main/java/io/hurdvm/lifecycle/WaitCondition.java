package io.hurdvm.lifecycle;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.vm.InvalidSpecException;
import io.hurdvm.vm.VmState;

/** What {@code up} waits for: QEMU started, a login prompt on the console, or a working SSH login. */
public enum WaitCondition {
    NONE("QEMU to start"),
    CONSOLE("a login prompt on the serial console"),
    /** With the user's provision scripts run too: SSH is ready for what the user set up. */
    SSH("an authenticated SSH command");

    private final String description;

    WaitCondition(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static WaitCondition parse(String text) {
        return switch (text.trim()) {
            case "none" -> NONE;
            case "console" -> CONSOLE;
            case "ssh" -> SSH;
            default -> throw new InvalidSpecException("invalid --wait '" + text + "': use none, console or ssh");
        };
    }

    public boolean heldBy(InstanceState s) {
        boolean started = s.qemuPid() != 0 && (s.state() == VmState.BOOTING || s.state() == VmState.RUNNING);
        return switch (this) {
            case NONE -> started;
            case CONSOLE -> started && s.consoleReady();
            // No provision state with SSH ready: a supervisor older than provision scripts, which has none to run.
            case SSH -> started && s.sshReady() && (s.provision() == null || s.provision().isDone());
        };
    }
}
