package dev.clientele.http;

import dev.clientele.security.Authenticator;
import dev.clientele.security.Principal;
import dev.clientele.security.UnauthenticatedException;
import dev.clientele.store.CustomerStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Liveness ({@code /api/health}) and readiness ({@code /api/ready}). Both need no key and answer everyone with the
 * state alone; the details (customer count, index size, commits, why writes are refused) go only to a caller who
 * may read customers anyway: a known key of any role without a scope (a scoped key must not learn how many
 * customers exist outside its scope), or a keyless caller where keyless reads are allowed (loopback with
 * {@code security.open_read_on_loopback}, or security off). A wrong key gets the public answer, not a 401:
 * probes must not fail on it.
 */
final class HealthRoutes {
    private final CustomerStore store;
    private final Authenticator authenticator;
    private final dev.clientele.ops.Startup startup;

    HealthRoutes(CustomerStore store, Authenticator authenticator, dev.clientele.ops.Startup startup) {
        this.store = store;
        this.authenticator = authenticator;
        this.startup = startup;
    }

    /**
     * The health document. {@code status} is "up", or "read-only" while the index does not accept writes
     * ({@code problem} says why; reads still work): the disk is nearly full (writes resume by themselves once there
     * is room), or the index stopped after a disk failure (writes resume by themselves once the disk works again: the writer
     * is reopened at the next write or health check). While the server
     * starts it is "reindexing" (after a schema change; {@code reindex} says how far) or "starting" (recovery), and
     * every other route answers 503.
     */
    record Health(String status, long customers, long indexBytes, long commits, boolean writable, String problem,
                  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                  Reindex reindex) {
    }

    /** How far the re-index is: customers re-indexed so far of all. */
    record Reindex(long done, long total) {
    }

    /** What a caller without a key (where keyless reads are not allowed) learns: the state, no figures. */
    record PublicHealth(String status, boolean writable) {
    }

    void register(RoutesConfig routes) {
        routes.get("/api/health", ctx -> answer(ctx, 200), Access.ANYONE);
        routes.get("/api/ready", this::ready, Access.ANYONE);
    }

    /** Liveness: 200 while the process serves, with the index's state in the body. */
    private Health health() {
        var index = store.index();
        var reindexing = index.reindexing();
        if (reindexing.isPresent() || !startup.ready()) {
            Reindex progress = reindexing.map(p -> new Reindex(p.done(), p.total())).orElse(null);
            return new Health(progress == null ? "starting" : "reindexing", index.count(), index.sizeInBytes(),
                    index.commitCount(), false, progress == null ? "the server is starting"
                            : "the customers are being re-indexed after a schema change; the API answers once "
                            + "that is done", progress);
        }
        String problem = index.writeFailure().orElse(null);
        return new Health(problem == null ? "up" : "read-only", index.count(), index.sizeInBytes(),
                index.commitCount(), problem == null, problem, null);
    }

    /** Readiness: as {@code /api/health}, but 503 while writes are refused. */
    private void ready(Context ctx) {
        answer(ctx, -1);
    }

    /** Answers the health document ({@code status} 200, or -1: 503 while not writable), in full to a reader. */
    private void answer(Context ctx, int status) {
        Health h = health();
        ctx.status(status > 0 ? status : h.writable() ? 200 : 503);
        if (mayReadDetails(ctx)) {
            ctx.json(h);
        } else {
            ctx.json(new PublicHealth(h.status(), h.writable()));
        }
    }

    private boolean mayReadDetails(Context ctx) {
        try {
            Principal who = authenticator.authenticate(AccessGuard.presentedKey(ctx), AccessGuard.isLoopback(ctx));
            return who.scope().isEmpty();
        } catch (UnauthenticatedException e) {
            return false;
        }
    }
}
