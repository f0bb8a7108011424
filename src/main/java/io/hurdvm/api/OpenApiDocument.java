package io.hurdvm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hurdvm.instance.JsonFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The OpenAPI 3 description served at {@code /openapi.json}: {@code openapi.yaml} (the built-in
 * routes) with the paths of every {@link RouteModule} merged in.
 */
public final class OpenApiDocument {
    public static final String PATH = "/openapi.json";
    private static final String RESOURCE = "/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final ObjectNode document;

    private OpenApiDocument(ObjectNode document) {
        this.document = document;
    }

    public static OpenApiDocument build(List<RouteModule> modules, String version) {
        ObjectNode doc = loadYaml(RESOURCE);
        doc.withObject("/info").put("version", version);
        ObjectNode paths = doc.withObject("/paths");
        for (RouteModule m : modules) {
            m.openApiPaths().fields().forEachRemaining(e -> paths.set(e.getKey(), e.getValue()));
        }
        return new OpenApiDocument(doc);
    }

    public ObjectNode json() {
        return document.deepCopy();
    }

    /** Every (method, path) the document describes. */
    public List<ApiRoutes.Route> operations() {
        List<ApiRoutes.Route> ops = new ArrayList<>();
        for (Iterator<String> p = document.path("paths").fieldNames(); p.hasNext(); ) {
            String path = p.next();
            document.path("paths").path(path).fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    ops.add(new ApiRoutes.Route(m, path));
                }
            });
        }
        return ops;
    }

    /** A YAML classpath resource as JSON: the base document, or the paths a {@link RouteModule} describes. */
    static ObjectNode loadYaml(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath: the jar is incomplete");
            }
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(in);
            return (ObjectNode) JsonFiles.MAPPER.valueToTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
