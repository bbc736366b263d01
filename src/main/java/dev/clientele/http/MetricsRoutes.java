package dev.clientele.http;

import dev.clientele.ops.Metrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /metrics}: Prometheus text exposition (reader role, so a read-only scraper key suffices). */
final class MetricsRoutes {
    private final Metrics metrics;

    MetricsRoutes(Metrics metrics) {
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape, Access.READER);
    }

    void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
