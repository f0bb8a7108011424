package io.hurdvm.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.qmp.QmpCommandException;
import java.time.Duration;

/** Maps control-socket requests to supervisor actions. */
final class ControlHandler implements ControlServer.Handler {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(60);
    private final Supervisor supervisor;

    ControlHandler(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public JsonNode handle(String op, JsonNode request) throws Exception {
        return switch (op) {
            case "ping" -> JsonFiles.MAPPER.createObjectNode().put("pid", ProcessHandle.current().pid());
            case "down" -> down(request);
            case "qmp" -> qmp(request);
            case "hmp" -> hmp(request);
            default -> throw new ControlException("unknown control operation '" + op + "'");
        };
    }

    private JsonNode down(JsonNode request) throws InterruptedException {
        Duration timeout = Duration.ofMillis(request.path("timeoutMs").asLong(60_000));
        String how = supervisor.stop(timeout, request.path("force").asBoolean(false));
        return JsonFiles.MAPPER.createObjectNode().put("how", how);
    }

    private JsonNode qmp(JsonNode request) {
        QemuRun run = running();
        String command = request.path("execute").asText("");
        if (command.isEmpty()) {
            throw new ControlException("qmp: missing command name");
        }
        ObjectNode args = request.get("arguments") instanceof ObjectNode o ? o : null;
        try {
            return run.qmp().execute(command, args, QMP_TIMEOUT);
        } catch (QmpCommandException e) {
            throw new ControlException(e.getDescription(), e.getErrorClass());
        }
    }

    private JsonNode hmp(JsonNode request) {
        QemuRun run = running();
        try {
            return TextNode.valueOf(run.commands().humanMonitorCommand(request.path("command").asText("")));
        } catch (QmpCommandException e) {
            throw new ControlException("monitor command failed: " + e.getDescription(), e.getErrorClass());
        }
    }

    private QemuRun running() {
        return supervisor.current().orElseThrow(() -> new ControlException("QEMU is not running right now (see 'hurdvm status')"));
    }
}
