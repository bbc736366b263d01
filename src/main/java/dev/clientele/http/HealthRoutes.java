package dev.clientele.http;

import dev.clientele.store.CustomerStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Liveness ({@code /api/health}) and readiness ({@code /api/ready}). */
final class HealthRoutes {
    private final CustomerStore store;

    HealthRoutes(CustomerStore store) {
        this.store = store;
    }

    /** The health document. */
    record Health(String status, long customers, long indexBytes, long commits) {
    }

    void register(RoutesConfig routes) {
        routes.get("/api/health", this::health, Access.ANYONE);
        routes.get("/api/ready", this::health, Access.ANYONE);
    }

    void health(Context ctx) {
        var index = store.index();
        ctx.json(new Health("up", index.count(), index.sizeInBytes(), index.commitCount()));
    }
}
