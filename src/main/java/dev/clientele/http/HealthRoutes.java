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

    /**
     * The health document. {@code status} is "up", or "read-only" while the index does not accept writes
     * ({@code problem} says why; reads still work): the disk is nearly full (writes resume by themselves once there
     * is room), or the index stopped after a failure (a restart is needed once the cause is fixed).
     */
    record Health(String status, long customers, long indexBytes, long commits, boolean writable, String problem) {
    }

    void register(RoutesConfig routes) {
        routes.get("/api/health", ctx -> ctx.json(health()), Access.ANYONE);
        routes.get("/api/ready", this::ready, Access.ANYONE);
    }

    /** Liveness: 200 while the process serves, with the index's state in the body. */
    private Health health() {
        var index = store.index();
        String problem = index.writeFailure().orElse(null);
        return new Health(problem == null ? "up" : "read-only", index.count(), index.sizeInBytes(),
                index.commitCount(), problem == null, problem);
    }

    /** Readiness: as {@code /api/health}, but 503 while writes are refused. */
    private void ready(Context ctx) {
        Health h = health();
        ctx.status(h.writable() ? 200 : 503).json(h);
    }
}
