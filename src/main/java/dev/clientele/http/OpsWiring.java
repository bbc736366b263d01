package dev.clientele.http;

import dev.clientele.config.AppConfig;
import dev.clientele.ops.Operations;
import io.javalin.config.JavalinConfig;

/**
 * Installs access control, request metrics, the audit log and the operational routes (metrics, OpenAPI, admin)
 * into a Javalin config. Must run before any route is added, so {@link RouteRegistry} sees (and checks) them all.
 */
final class OpsWiring {
    private OpsWiring() {
    }

    static void install(JavalinConfig cfg, Operations ops, AppConfig config) {
        RouteRegistry registry = new RouteRegistry();
        cfg.events.handlerAdded(registry::add);
        cfg.appData(RouteRegistry.KEY, registry);
        AccessGuard guard = new AccessGuard(ops.authenticator(),
                new dev.clientele.security.RateLimiter(config.security().rateLimitPerMinute()));
        RequestObserver observer = new RequestObserver(ops.metrics(), ops.audit());
        cfg.routes.before(observer::before);
        cfg.routes.beforeMatched(ctx -> {
            observer.matched(ctx);
            if (!ops.startup().ready() && !AccessGuard.isPublic(ctx)) {
                throw new StartingException();
            }
            guard.check(ctx);
        });
        cfg.routes.after(observer::after);
        new MetricsRoutes(ops.metrics()).register(cfg.routes);
        new OpenApiRoutes().register(cfg.routes);
        new AdminRoutes(ops, config).register(cfg.routes);
    }
}
