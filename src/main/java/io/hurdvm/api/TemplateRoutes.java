package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.lifecycle.TemplateService;
import io.hurdvm.template.StateCompression;
import io.hurdvm.template.TemplateName;
import io.hurdvm.vm.InstanceName;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hurdvm template} over HTTP: make a template from a running instance, list, inspect and
 * remove templates, through the same {@link TemplateService} as the CLI. Clones are made with
 * {@code POST /v1/instances/NAME/up} and {@code {"template": "T"}}. Only names cross the API: a
 * template is always a folder of the daemon's own HURDVM_HOME, never a host path a client chose.
 */
public final class TemplateRoutes implements RouteModule {
    private static final String BASE = "/v1/templates";
    private static final Logger LOG = LoggerFactory.getLogger(TemplateRoutes.class);

    @Override
    public void register(ApiRoutes routes, ApiContext api) {
        routes.get(BASE, ctx -> ctx.json(service(api).list()));
        routes.post(BASE, ctx -> create(api, ctx));
        routes.get(BASE + "/{template}", ctx -> ctx.json(service(api).inspect(TemplateName.of(ctx.pathParam("template")))));
        routes.delete(BASE + "/{template}", ctx -> remove(api, ctx));
    }

    @Override
    public ObjectNode openApiPaths() {
        return OpenApiDocument.loadYaml("/openapi-templates.yaml");
    }

    private static TemplateService service(ApiContext api) {
        return new TemplateService(api.service().home(), api.service().store());
    }

    private static void create(ApiContext api, Context ctx) throws Exception {
        BodyFields body = BodyFields.of(api.bodies().object(ctx), List.of("name", "from", "compression"));
        TemplateName name = TemplateName.of(body.requiredText("name", "ci-base"));
        InstanceName from = api.existing(body.requiredText("from", "builder"));
        StateCompression compression = StateCompression.parse(body.optionalText("compression", "zstd").orElse("zstd"));
        TemplateService.TemplateView made = api.locks().exclusively(from, () -> service(api).create(name, from, compression,
                line -> LOG.info("template {}: {}", name, line)));
        ctx.status(201).json(made);
    }

    private static void remove(ApiContext api, Context ctx) {
        TemplateName name = TemplateName.of(ctx.pathParam("template"));
        service(api).remove(name);
        ctx.json(JsonFiles.MAPPER.createObjectNode().put("removed", name.value()));
    }
}
