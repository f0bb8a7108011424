package io.hurdvm.control;

import java.util.Locale;
import java.util.Optional;

/** The operations a supervisor answers on its control socket; the wire name is the lower-case name. */
public enum ControlOp {
    /** Is the supervisor there? Answers its pid. */
    PING,
    /** Stop the VM within {@code timeoutMs} ({@code force}: QMP quit at once); streams the steps. */
    DOWN,
    /** One QMP command ({@code execute}, {@code arguments}) on the supervisor's own QMP connection. */
    QMP,
    /** One human-monitor command ({@code command}). */
    HMP,
    /** Repair the guest's access over the serial console. */
    REPROVISION,
    /** Run the user's provision scripts that have not run (all, after {@code up --reprovision}); streams each script. */
    PROVISION,
    /** Run schedule {@code id} now, as its cron time would; answers how the run ended. */
    RUN_SCHEDULE,
    /**
     * Save the running machine for a template into {@code dir} ({@code compression}): state and disk
     * layer; the VM runs on afterwards. Streams the steps.
     */
    SAVE_STATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ControlOp> parse(String wire) {
        for (ControlOp op : values()) {
            if (op.wireName().equals(wire)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
