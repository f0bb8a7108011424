package io.hurdvm.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * EXTENSION POINT for resources served beside the built-in ones, e.g. snapshots and backups
 * ({@code io.hurdvm.storage}): implement this and pass the module to {@link ApiServerConfig}. Routes
 * go under {@code /v1/instances/{name}/...}; they get bearer authentication, JSON errors, the body
 * size limit and access logging like every other route. Use {@link ApiContext#locks()} around
 * changes to an instance, and {@link ApiContext#bodies()} to read bodies.
 */
public interface RouteModule {
    void register(ApiRoutes routes, ApiContext context);

    /**
     * The OpenAPI 3 "paths" entries describing exactly the routes {@link #register} adds; they are
     * merged into {@code /openapi.json}, and a test checks every registered route is described.
     */
    ObjectNode openApiPaths();
}
