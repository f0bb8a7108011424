package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.config.SettingKey;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.lifecycle.UpRequest;
import io.hurdvm.lifecycle.UpResult;
import io.hurdvm.vm.InstanceName;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code up} and {@code down} over HTTP, through the same {@link InstanceService} as the CLI. Both
 * answer when the operation is over, like the CLI: {@code up} after its wait condition held.
 */
final class LifecycleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleRoutes.class);
    private final ApiContext api;

    private LifecycleRoutes(ApiContext api) {
        this.api = api;
    }

    static void register(ApiRoutes routes, ApiContext api) {
        LifecycleRoutes r = new LifecycleRoutes(api);
        routes.post("/v1/instances/{name}/up", r::up);
        routes.post("/v1/instances/{name}/down", r::down);
    }

    private void up(Context ctx) throws Exception {
        InstanceName name = InstanceName.of(ctx.pathParam("name"));
        // Parsed and checked before the lock and before the service sees it: a bad body changes nothing.
        ObjectNode requestBody = api.bodies().object(ctx);
        Map<SettingKey, String> settings = UpBody.admitted(requestBody, api);
        Optional<String> template = UpBody.template(requestBody);
        UpResult result = api.locks().exclusively(name, () -> {
            InstanceService service = api.service();
            UpRequest request = new UpRequest(name.value(), settings, Optional.empty(), Optional.empty());
            var prepared = service.prepare(template.map(request::withTemplate).orElse(request), line -> progress(name, line));
            return service.startAndWait(prepared, line -> progress(name, line), boot -> { });
        });
        ObjectNode body = JsonFiles.MAPPER.valueToTree(result);
        int status = switch (result.outcome()) {
            case READY, ALREADY_RUNNING -> 200;
            case TIMEOUT -> 504;
            case FAILED, PROVISION_FAILED -> 502;
        };
        if (status != 200) {
            body.put("error", result.message());
        }
        ctx.status(status).json(body);
    }

    private void down(Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        DownBody req = DownBody.parse(api.bodies().object(ctx));
        Optional<String> how = api.locks().exclusively(name, () -> api.service().down(name, req.timeout(), req.force(),
                step -> progress(name, step)));
        ObjectNode body = JsonFiles.MAPPER.createObjectNode().put("name", name.value()).put("stopped", how.isPresent());
        how.ifPresentOrElse(h -> body.put("how", h), () -> body.put("message", name + " is not running"));
        ctx.json(body);
    }

    private static void progress(InstanceName name, String line) {
        LOG.info("{}: {}", name, line);
    }
}
