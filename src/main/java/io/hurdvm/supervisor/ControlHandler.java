package io.hurdvm.supervisor;

import io.hurdvm.control.ControlException;
import io.hurdvm.control.ControlOp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.ProvisionState;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.storage.schedule.ScheduleRunner;
import io.hurdvm.vm.VmState;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/** Maps control-socket requests to supervisor actions. */
final class ControlHandler implements ControlServer.Handler {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(60);
    private final Supervisor supervisor;
    private final StateRecorder recorder;
    private final GuestAccess guestAccess;
    private final StateSaver saver;
    private final Function<String, Future<ScheduleRunner.Run>> runSchedule;

    /** @param runSchedule queues a schedule's run now on the schedules' own thread */
    ControlHandler(Supervisor supervisor, StateRecorder recorder, GuestAccess guestAccess, StateSaver saver,
                   Function<String, Future<ScheduleRunner.Run>> runSchedule) {
        this.supervisor = supervisor;
        this.recorder = recorder;
        this.guestAccess = guestAccess;
        this.saver = saver;
        this.runSchedule = runSchedule;
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
            case PROVISION -> provision(progress);
            case RUN_SCHEDULE -> runSchedule(request.path("id").asText(""));
            case SAVE_STATE -> saveState(request, progress);
        };
    }

    /** Only a guest that is up with SSH working can be saved: its clones start from exactly that. */
    private JsonNode saveState(JsonNode request, Consumer<String> progress) throws Exception {
        VmRun run = running();
        var state = recorder.current();
        if (state.state() != VmState.RUNNING || !state.sshReady()) {
            throw new ControlException("instance " + state.state().name().toLowerCase(Locale.ROOT)
                    + (state.sshReady() ? "" : ", SSH not ready") + ": a template is made from a running instance whose SSH works");
        }
        return saver.save(run, state.sshPort(), request, progress);
    }

    /** Waits for the run (a drill takes minutes; each client has its own thread) and answers how it ended. */
    private JsonNode runSchedule(String id) throws InterruptedException {
        Future<ScheduleRunner.Run> queued;
        try {
            queued = runSchedule.apply(id);
        } catch (RejectedExecutionException e) {
            throw new ControlException("the supervisor is stopping: schedules no longer run");
        }
        ScheduleRunner.Run run;
        try {
            run = queued.get();
        } catch (ExecutionException e) {
            throw new ControlException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        ObjectNode reply = JsonFiles.MAPPER.createObjectNode().put("id", run.id()).put("kind", run.kind().cliName())
                .put("started", run.started().toString()).put("ok", run.result().ok()).put("message", run.result().message());
        reply.put("finished", run.result().finished().toString());
        return reply;
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

    /** {@code deferred}: SSH is not ready yet, and the boot's own pass will run the scripts. */
    private JsonNode provision(Consumer<String> progress) {
        ProvisionState done = guestAccess.runProvisionScripts(progress);
        if (done == null) {
            return JsonFiles.MAPPER.createObjectNode().put("deferred", true);
        }
        return JsonFiles.MAPPER.valueToTree(done);
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
