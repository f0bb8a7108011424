package io.hurdvm.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/** Maps control-socket requests to supervisor actions. */
final class ControlHandler implements ControlServer.Handler {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(60);
    private final Supervisor supervisor;
    private final StateRecorder recorder;
    private final GuestAccess guestAccess;

    ControlHandler(Supervisor supervisor, StateRecorder recorder, GuestAccess guestAccess) {
        this.supervisor = supervisor;
        this.recorder = recorder;
        this.guestAccess = guestAccess;
    }

    @Override
    public JsonNode handle(String op, JsonNode request, Consumer<String> progress) throws Exception {
        return switch (op) {
            case "ping" -> JsonFiles.MAPPER.createObjectNode().put("pid", ProcessHandle.current().pid());
            case "down" -> down(request, progress);
            case "qmp" -> qmp(request);
            case "hmp" -> hmp(request);
            case "reprovision" -> TextNode.valueOf(guestAccess.reprovision(recorder.current().sshPort()));
            default -> throw new ControlException("unknown control operation '" + op + "'");
        };
    }

    /** Each step of the stop reaches the caller as it happens: a stop may take as long as its budget. */
    private JsonNode down(JsonNode request, Consumer<String> progress) throws InterruptedException {
        Duration timeout = Duration.ofMillis(request.path("timeoutMs").asLong(30_000));
        String[] last = {null};
        Runnable unlisten = recorder.listen(s -> {
            if (s.state() == VmState.STOPPING && !Objects.equals(s.message(), last[0])) {
                last[0] = s.message();
                progress.accept(s.message());
            }
        });
        try {
            StopOutcome how = supervisor.stop(timeout, request.path("force").asBoolean(false));
            return JsonFiles.MAPPER.createObjectNode().put("how", how.cliName());
        } finally {
            unlisten.run();
        }
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
