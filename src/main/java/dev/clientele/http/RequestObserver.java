package dev.clientele.http;

import dev.clientele.ops.AuditEvent;
import dev.clientele.ops.AuditLog;
import dev.clientele.ops.Metrics;
import dev.clientele.security.Principal;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Times every request into {@link Metrics} and writes an {@link AuditEvent} for every change (any method but
 * GET/HEAD/OPTIONS), every admin route and every refused request (401/403). Uses route templates and ids only:
 * paths, query strings and bodies can carry names and emails.
 */
final class RequestObserver {
    /** Request attribute: the id of the customer a handler worked on (set by handlers that know it). */
    static final String CUSTOMER_ID = "clientele.audit.customer_id";
    /** Request attribute: another object a handler worked on (a key id, a backup id, the other customer of a pair). */
    static final String TARGET = "clientele.audit.target";
    /**
     * Request attribute: further customers a handler changed besides {@link #CUSTOMER_ID} (the other records of an
     * erasure); each gets an audit line of its own, with the route's customer as its target.
     */
    static final String ALSO_CUSTOMER_IDS = "clientele.audit.also_customer_ids";
    private static final String STARTED = "clientele.observer.started";
    private static final String PARAMS = "clientele.observer.path_params";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Metrics metrics;
    private final AuditLog audit;

    RequestObserver(Metrics metrics, AuditLog audit) {
        this.metrics = metrics;
        this.audit = audit;
    }

    void before(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    /** Runs in {@code beforeMatched}, where the path parameters of the matched route are known. */
    void matched(Context ctx) {
        ctx.attribute(PARAMS, Map.copyOf(ctx.pathParamMap()));
    }

    void after(Context ctx) {
        Long started = ctx.attribute(STARTED);
        String route = matchedRoute(ctx);
        String method = ctx.method().name();
        int status = ctx.statusCode();
        metrics.recordRequest(method, route == null ? "UNMATCHED" : route, status,
                started == null ? 0 : System.nanoTime() - started);
        if (route == null) {
            return;
        }
        if (!READS.contains(method) || route.startsWith("/api/admin") || status == 401 || status == 403) {
            Principal who = AccessGuard.principal(ctx);
            Map<String, String> params = ctx.attribute(PARAMS);
            String customerId = ctx.attribute(CUSTOMER_ID);
            String target = ctx.attribute(TARGET);
            if (params != null && route.startsWith("/api/customers/{id}") && customerId == null) {
                customerId = params.get("id");
            }
            if (params != null && route.startsWith("/api/admin/") && target == null) {
                target = params.get("id");
            }
            audit.record(new AuditEvent(Instant.now(), who == null ? "unknown" : who.id(),
                    who == null ? null : who.role().toString(), method + " " + route, status, customerId, target));
            java.util.List<String> also = ctx.attribute(ALSO_CUSTOMER_IDS);
            for (String other : also == null ? java.util.List.<String>of() : also) {
                audit.record(new AuditEvent(Instant.now(), who == null ? "unknown" : who.id(),
                        who == null ? null : who.role().toString(), method + " " + route, status, other, customerId));
            }
        }
    }

    private static String matchedRoute(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? null : e.path;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
