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
        // QEMU understood the command and refused it: what was asked cannot be done as asked.
        super(io.hurdvm.errors.ErrorKind.BAD_INPUT, "QMP command '" + command + "' failed: " + errorClass + ": " + description, null);
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
