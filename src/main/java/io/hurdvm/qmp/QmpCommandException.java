package io.hurdvm.qmp;

import java.util.Objects;

/**
 * QEMU answered a command with an error reply. The error class (e.g. {@code GenericError},
 * {@code CommandNotFound}, {@code DeviceNotFound}) is what code should branch on; the description is
 * QEMU's human-readable text and may change between QEMU versions.
 */
public class QmpCommandException extends QmpException {
    public static final String GENERIC_ERROR = "GenericError";
    public static final String COMMAND_NOT_FOUND = "CommandNotFound";
    public static final String DEVICE_NOT_FOUND = "DeviceNotFound";
    public static final String DEVICE_NOT_ACTIVE = "DeviceNotActive";

    private final String command;
    private final String errorClass;
    private final String description;

    public QmpCommandException(String command, String errorClass, String description) {
        super("QMP command '" + command + "' failed: " + errorClass + ": " + description);
        this.command = Objects.requireNonNull(command, "command");
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** Name of the command that failed (never its arguments, which may hold secrets). */
    public String getCommand() {
        return command;
    }

    /** QMP error class, e.g. {@link #GENERIC_ERROR}. */
    public String getErrorClass() {
        return errorClass;
    }

    /** QEMU's human-readable error text ({@code desc}). */
    public String getDescription() {
        return description;
    }
}
