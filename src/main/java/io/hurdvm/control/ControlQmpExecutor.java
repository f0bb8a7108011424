package io.hurdvm.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.qmp.QmpException;
import io.hurdvm.qmp.QmpExecutor;
import java.nio.file.Path;
import java.time.Duration;

/** QMP from outside the supervisor: each command goes through its control socket. */
public final class ControlQmpExecutor implements QmpExecutor {
    private final ControlClient control;

    public ControlQmpExecutor(Path controlSocket) {
        this.control = new ControlClient(controlSocket);
    }

    @Override
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        ObjectNode req = ControlClient.request(ControlOp.QMP).put("execute", command);
        if (arguments != null) {
            req.set("arguments", arguments);
        }
        try {
            return control.call(req, timeout.plusSeconds(5));
        } catch (ControlException e) {
            if (e.errorClass() != null) {
                throw new QmpCommandException(command, e.errorClass(), e.getMessage());
            }
            throw new QmpException(e.getMessage());
        }
    }
}
