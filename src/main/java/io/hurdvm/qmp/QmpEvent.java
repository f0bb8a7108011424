package io.hurdvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An asynchronous QMP event.
 *
 * @param data event payload; an empty object when QEMU sent none (treat as read-only)
 * @param timestamp when QEMU emitted the event (QEMU's clock, microsecond precision); {@link Instant#EPOCH}
 *                  if QEMU sent none
 */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {
    public static final String SHUTDOWN = "SHUTDOWN";
    public static final String RESET = "RESET";
    public static final String STOP = "STOP";
    public static final String RESUME = "RESUME";
    public static final String POWERDOWN = "POWERDOWN";
    public static final String BLOCK_JOB_COMPLETED = "BLOCK_JOB_COMPLETED";
    public static final String BLOCK_JOB_ERROR = "BLOCK_JOB_ERROR";
    public static final String BLOCK_JOB_READY = "BLOCK_JOB_READY";
    public static final String BLOCK_JOB_CANCELLED = "BLOCK_JOB_CANCELLED";
    public static final String JOB_STATUS_CHANGE = "JOB_STATUS_CHANGE";

    public QmpEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Predicate for {@link QmpClient#expectEvent}: any event with this name. */
    public static Predicate<QmpEvent> named(String eventName) {
        Objects.requireNonNull(eventName, "eventName");
        return event -> event.name().equals(eventName);
    }

    /** Predicate for events with this name whose {@code data.<field>} equals {@code value}, e.g. a job id. */
    public static Predicate<QmpEvent> named(String eventName, String field, String value) {
        return named(eventName).and(event -> value.equals(event.data().path(field).asText(null)));
    }
}
