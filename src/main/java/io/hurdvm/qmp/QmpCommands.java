package io.hurdvm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** Typed wrappers for the few QMP commands hurdvm uses often, on top of {@link QmpClient#execute}. */
public final class QmpCommands {
    private final QmpClient client;

    public QmpCommands(QmpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public VmStatus queryStatus() {
        JsonNode status = client.execute("query-status");
        return new VmStatus(status.path("status").asText(), status.path("running").asBoolean());
    }

    /** Presses the ACPI power button; the guest decides whether (and when) to shut down. */
    public void systemPowerdown() {
        client.execute("system_powerdown");
    }

    /** Pauses guest CPUs (emits {@link QmpEvent#STOP}). */
    public void stop() {
        client.execute("stop");
    }

    /** Resumes guest CPUs (emits {@link QmpEvent#RESUME}). */
    public void cont() {
        client.execute("cont");
    }

    /**
     * Makes QEMU exit at once, without asking the guest. QEMU may exit before its reply gets through, so
     * a connection that closes while waiting counts as success too.
     *
     * @throws QmpConnectionClosedException if the connection was already closed: then quit was never sent
     */
    public void quit() {
        if (!client.isOpen()) {
            throw new QmpConnectionClosedException("Cannot send 'quit': the QMP connection is already closed");
        }
        try {
            client.execute("quit");
        } catch (QmpConnectionClosedException closedByQuit) {
            // Expected race: QEMU is gone, which is what quit asked for.
        }
    }

    /**
     * Runs a human monitor (HMP) command, e.g. {@code "info status"}, and returns its text output. For
     * diagnostics: HMP output is not a stable interface.
     */
    public String humanMonitorCommand(String commandLine) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("command-line", commandLine);
        return client.execute("human-monitor-command", arguments).asText();
    }

    /** Raw {@code query-blockstats}: an array with one entry per block device (I/O counters, node names). */
    public JsonNode queryBlockstats() {
        return client.execute("query-blockstats");
    }

    /** Raw {@code query-jobs}: an array of background jobs (e.g. block mirror/commit) with id, type, status. */
    public JsonNode queryJobs() {
        return client.execute("query-jobs");
    }
}
