package io.hurdvm.supervisor;

import io.hurdvm.control.ControlException;
import io.hurdvm.control.ControlOp;
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
        ControlOp known = ControlOp.parse(op)
                .orElseThrow(() -> new ControlException("unknown control operation '" + op + "' (a newer hurdvm than this supervisor?)"));
        return switch (known) {
            case PING -> JsonFiles.MAPPER.createObjectNode().put("pid", ProcessHandle.current().pid());
            case DOWN -> down(request, progress);
            case QMP -> qmp(request);
            case HMP -> hmp(request);
            case REPROVISION -> TextNode.valueOf(guestAccess.reprovision(recorder.current().sshPort()));
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
        VmRun run = running();
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
        VmRun run = running();
        try {
            return TextNode.valueOf(run.humanMonitorCommand(request.path("command").asText("")));
        } catch (QmpCommandException e) {
            throw new ControlException("monitor command failed: " + e.getDescription(), e.getErrorClass());
        }
    }

    private VmRun running() {
        return supervisor.current().orElseThrow(() -> new ControlException("QEMU is not running right now (see 'hurdvm status')"));
    }
}
