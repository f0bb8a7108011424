package io.hurdvm.api;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code POST /v1/instances/{name}/qmp} may do ({@code serve --qmp-access}). QEMU runs as the
 * daemon's user, often root, and raw QMP reaches far beyond the guest: {@code pmemsave} and
 * {@code dump-guest-memory} write any host path, {@code blockdev-add} opens any host file and
 * {@code nbd-server-start}/{@code block-export-add} serve it, {@code human-monitor-command} does all
 * of that and more. So raw QMP is off unless the operator chooses:
 * <ul>
 * <li>{@link #OFF} (default): every QMP request is refused.
 * <li>{@link #READ_ONLY}: only {@link #READ_ONLY_COMMANDS}, without arguments: commands that
 * report the VM's state, change nothing and open no host file or device.
 * <li>{@link #FULL}: everything, HMP included: root-equivalent for whoever holds the token.
 * </ul>
 */
public enum QmpAccess {
    OFF("off"), READ_ONLY("read-only"), FULL("full");

    /**
     * Chosen one by one. Left out on purpose: {@code query-block}, {@code query-blockstats},
     * {@code query-named-block-nodes}, {@code query-chardev} (they show host paths),
     * {@code query-sgx*}, {@code query-sev*}, {@code query-cpu-model-*}, {@code query-cpu-definitions}
     * (they probe host devices: /dev/sgx, /dev/sev, /dev/kvm) and {@code query-dump}/{@code query-migrate*}
     * (they describe files or streams the full level opened).
     */
    public static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "query-status", "query-name", "query-version", "query-uuid", "query-kvm", "query-target",
            "query-current-machine", "query-cpus-fast", "query-hotpluggable-cpus", "query-memory-size-summary",
            "query-balloon", "query-mice", "query-iothreads", "query-commands");
    static final String HMP = "human-monitor-command";

    private final String cliName;

    QmpAccess(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static QmpAccess parse(String text) {
        for (QmpAccess a : values()) {
            if (a.cliName.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("invalid --qmp-access '" + text + "': use off, read-only or full");
    }

    /** Throws a 403 {@link ApiException} unless this level allows {@code command} with these arguments. */
    void check(String command, boolean hasArguments) {
        switch (this) {
            case OFF -> throw new ApiException(403, "raw QMP through the API is off on this daemon: the operator may start"
                    + " 'hurdvm serve --qmp-access read-only' (query-* commands) or '--qmp-access full' (root-equivalent)");
            case READ_ONLY -> {
                if (command.equals(HMP)) {
                    throw new ApiException(403, "human-monitor-command needs 'hurdvm serve --qmp-access full' (root-equivalent);"
                            + " this daemon allows read-only QMP");
                }
                if (!READ_ONLY_COMMANDS.contains(command)) {
                    throw new ApiException(403, "QMP command '" + command + "' is not allowed by --qmp-access read-only;"
                            + " allowed: " + String.join(", ", new TreeSet<>(READ_ONLY_COMMANDS)));
                }
                if (hasArguments) {
                    throw new ApiException(403, "QMP command '" + command + "' takes no arguments under --qmp-access read-only");
                }
            }
            case FULL -> {
                // the operator chose root-equivalent access
            }
        }
    }
}
