package dev.clientele.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.config.AppConfig;
import dev.clientele.json.Json;
import dev.clientele.ops.BackupManifest;
import dev.clientele.ops.Operations;
import dev.clientele.security.ApiKey;
import dev.clientele.security.CreatedKey;
import dev.clientele.security.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.clientele.search.Scope;

/**
 * Administration (admin role): API keys ({@code /api/admin/keys}), backups ({@code /api/admin/backups}) and
 * merging the index into one segment ({@code /api/admin/optimize}).
 * A created key's plaintext is in the 201 response only; it is not stored or logged.
 */
final class AdminRoutes {
    private final Operations ops;
    private final AppConfig config;

    AdminRoutes(Operations ops, AppConfig config) {
        this.ops = ops;
        this.config = config;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/admin/keys", this::createKey, Access.ADMIN);
        routes.get("/api/admin/keys", this::listKeys, Access.ADMIN);
        routes.delete("/api/admin/keys/{id}", this::revokeKey, Access.ADMIN);
        routes.post("/api/admin/backups", this::createBackup, Access.ADMIN);
        routes.get("/api/admin/backups", this::listBackups, Access.ADMIN);
        routes.post("/api/admin/backups/{id}/verify", this::verifyBackup, Access.ADMIN);
        routes.delete("/api/admin/backups/{id}", this::deleteBackup, Access.ADMIN);
        routes.get("/api/admin/audit", this::audit, Access.ADMIN);
        routes.post("/api/admin/optimize", this::optimize, Access.ADMIN);
        routes.get("/api/admin/optimize", this::optimizeStatus, Access.ADMIN);
    }

    /** The body of {@code POST /api/admin/keys}; {@code scope} is an object of list filters, see {@link Scope}. */
    record NewKeyRequest(String role, String name, com.fasterxml.jackson.databind.JsonNode scope, String note) {
    }

    /** A created key: its metadata plus {@code key}, the plaintext, shown only in this response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewKeyResponse(String id, Role role, String name, Instant createdAt, Map<String, List<String>> scope,
                          String note, String key) {
    }

    record KeyList(List<ApiKey> keys) {
    }

    /** The backups in the backup directory {@code dir} ({@code backup.dir}), and the schedule. */
    record BackupList(List<BackupManifest> backups, dev.clientele.ops.BackupSchedule.Status schedule, String dir) {
    }

    /** The result of verifying a backup. */
    record Verified(boolean ok, BackupManifest backup) {
    }

    /** A page of the audit log, newest first; {@code next_cursor} reads on to older events (null: none). */
    record AuditPage(List<dev.clientele.ops.AuditEvent> events, String nextCursor) {
    }

    /**
     * The audit log, newest first, filtered by key ({@code actor}), customer ({@code customer}: the customer
     * concerned or the other one of a duplicate decision) and refused requests only ({@code refused=true}: 401
     * and 403).
     */
    void audit(Context ctx) {
        Params.only(ctx, "limit", "cursor", "actor", "customer", "refused");
        int limit = Params.integer(ctx, "limit", 50, 1, 500);
        String cursor = Params.text(ctx, "cursor");
        long before = cursor == null ? -1 : auditCursor(cursor);
        String actor = Params.text(ctx, "actor");
        String customer = Params.text(ctx, "customer");
        boolean refused = Params.bool(ctx, "refused", false);
        dev.clientele.ops.AuditLog.Page page = ops.audit().recent(before, limit, e ->
                (actor == null || actor.equals(e.actor()))
                        && (customer == null || customer.equals(e.customerId()) || customer.equals(e.target()))
                        && (!refused || e.status() == 401 || e.status() == 403));
        ctx.header("Cache-Control", "no-store");
        ctx.json(new AuditPage(page.events(), page.nextBefore() == null ? null : page.nextBefore().toString()));
    }

    /** A {@code next_cursor} of the audit log: the byte offset its next page ends at. */
    private static long auditCursor(String cursor) {
        try {
            long before = Long.parseLong(cursor);
            if (before >= 0) {
                return before;
            }
        } catch (NumberFormatException e) {
            // said below, as for a negative number
        }
        throw new BadRequestException("cursor", "cursor must be a next_cursor of an earlier page, was '" + cursor + "'");
    }

    void createKey(Context ctx) throws IOException {
        ObjectNode body = Bodies.object(ctx, config.maxBodyBytes());
        NewKeyRequest req = Json.MAPPER.treeToValue(body, NewKeyRequest.class);
        if (req.role() == null) {
            throw new BadRequestException("role", "role is required: reader, editor or admin");
        }
        Role role;
        try {
            role = Role.parse(req.role());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("role", e.getMessage());
        }
        if (req.name() != null && req.name().length() > 200) {
            throw new BadRequestException("name", "name must have at most 200 characters");
        }
        if (req.note() != null && req.note().length() > 200) {
            throw new BadRequestException("note", "note must have at most 200 characters");
        }
        Map<String, List<String>> scope = scope(req.scope());
        if (role == Role.ADMIN && !scope.isEmpty()) {
            throw new BadRequestException("scope", "admin keys cannot have a scope; use an editor or reader key");
        }
        CreatedKey created = ops.keys().create(role, req.name(), scope, req.note());
        ApiKey k = created.key();
        ctx.attribute(RequestObserver.TARGET, k.id());
        ctx.header("Cache-Control", "no-store");
        ctx.status(201).json(new NewKeyResponse(k.id(), k.role(), k.name(), k.createdAt(), k.scope(), k.note(),
                created.plaintext()));
    }

    /** A scope object checked by the search layer's own parser, in its normalised wire form (empty: none). */
    private static Map<String, List<String>> scope(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new BadRequestException("scope", "scope must be an object of filters such as "
                    + "{\"rep\": [\"Anna Kovács\"], \"country\": [\"HU\"]}; use note for a free-text label");
        }
        try {
            return Scope.parse(ApiKey.scopeFilters(node)).toMap();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("scope", e.getMessage());
        } catch (dev.clientele.search.InvalidSearchException e) {
            throw new BadRequestException(e.field(), e.getMessage());
        }
    }

    void listKeys(Context ctx) {
        ops.keys().reload();
        ctx.json(new KeyList(ops.keys().list()));
    }

    void revokeKey(Context ctx) {
        ctx.json(ops.keys().revoke(ctx.pathParam("id")));
    }

    void createBackup(Context ctx) {
        BackupManifest m = ops.backup();
        ctx.attribute(RequestObserver.TARGET, m.id());
        ctx.status(201).json(m);
    }

    void listBackups(Context ctx) {
        ctx.json(new BackupList(ops.backups().list(), ops.schedule().status(), ops.backups().root().toString()));
    }

    void deleteBackup(Context ctx) {
        String id = ctx.pathParam("id");
        ops.backups().delete(id);
        ctx.attribute(RequestObserver.TARGET, id);
        ctx.status(204);
    }

    /**
     * Merges the index into one segment: with {@code wait=true} answers the merge once it is done (200), else at
     * once with where merging stands (202; a merge already running is joined, not started again).
     */
    void optimize(Context ctx) {
        java.util.concurrent.CompletableFuture<dev.clientele.ops.IndexOptimizer.Merge> merge =
                ops.optimizer().mergeNow();
        if (!Params.bool(ctx, "wait", false)) {
            ctx.header("Location", "/api/admin/optimize");
            ctx.status(202).json(ops.optimizer().status());
            return;
        }
        try {
            ctx.json(merge.join());
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    void optimizeStatus(Context ctx) {
        ctx.json(ops.optimizer().status());
    }

    void verifyBackup(Context ctx) {
        ctx.json(new Verified(true, ops.backups().verify(ctx.pathParam("id"))));
    }
}
