package io.hurdvm.api;

import io.hurdvm.instance.JsonFiles;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.lifecycle.LifecycleException;
import io.javalin.http.Context;
import java.util.Map;

/** Reading and removing instances: what {@code list}, {@code status} and {@code rm} do. */
final class InstanceRoutes {
    private final ApiContext api;

    private InstanceRoutes(ApiContext api) {
        this.api = api;
    }

    static void register(ApiRoutes routes, ApiContext api) {
        InstanceRoutes r = new InstanceRoutes(api);
        routes.get("/v1/instances", r::list);
        routes.get("/v1/instances/{name}", r::get);
        routes.delete("/v1/instances/{name}", r::remove);
    }

    private void list(Context ctx) {
        ctx.json(Map.of("instances", api.service().listWithDiskUse()));
    }

    private void get(Context ctx) {
        ctx.json(api.view(api.existing(ctx.pathParam("name"))));
    }

    private void remove(Context ctx) throws Exception {
        InstanceName name = api.existing(ctx.pathParam("name"));
        api.locks().exclusively(name, () -> {
            try {
                api.service().remove(name);
            } catch (LifecycleException e) {
                throw ApiException.conflict(e.getMessage().replace("'hurdvm down " + name + "'", "POST /v1/instances/" + name + "/down"));
            }
            return null;
        });
        ctx.json(JsonFiles.MAPPER.createObjectNode().put("removed", name.value()));
    }
}
