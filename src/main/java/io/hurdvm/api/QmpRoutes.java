package io.hurdvm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.control.ControlQmpExecutor;
import io.hurdvm.vm.InstanceName;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/instances/{name}/qmp} with {@code {"execute": "query-status", "arguments": {...}}}:
 * one QMP command through the supervisor's control socket (QEMU allows one QMP client, the
 * supervisor). QEMU's refusals come back as 422 with QMP's error class. What may be sent at all is
 * the operator's choice ({@link QmpAccess}): nothing by default.
 */
final class QmpRoutes {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Set<String> KEYS = Set.of("execute", "arguments");
    private final ApiContext api;

    private QmpRoutes(ApiContext api) {
        this.api = api;
    }

    static void register(ApiRoutes routes, ApiContext api) {
        routes.post("/v1/instances/{name}/qmp", new QmpRoutes(api)::execute);
    }

    private void execute(Context ctx) {
        InstanceName name = InstanceName.of(ctx.pathParam("name"));
        ObjectNode body = api.bodies().object(ctx);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw ApiException.badRequest("unknown key '" + k + "'; known keys: execute, arguments");
            }
        }
        JsonNode command = body.get("execute");
        if (command == null || !command.isTextual() || !COMMAND.matcher(command.asText()).matches()) {
            throw ApiException.badRequest("'execute' must name a QMP command, e.g. \"query-status\"");
        }
        JsonNode args = body.get("arguments");
        if (args != null && !args.isObject()) {
            throw ApiException.badRequest("'arguments' must be a JSON object");
        }
        // Before anything else about the instance: a refused command learns nothing about it.
        api.policy().qmp().check(command.asText(), args != null && !args.isEmpty());
        api.existing(name.value());
        if (!api.service().isRunning(name)) {
            throw ApiException.conflict("instance " + name + " is not running");
        }
        var qmp = new ControlQmpExecutor(api.service().store().paths(name).controlSocket());
        JsonNode result = qmp.execute(command.asText(), (ObjectNode) args, TIMEOUT);
        ObjectNode reply = JsonFiles.MAPPER.createObjectNode();
        reply.set("return", result);
        ctx.json(reply);
    }
}
