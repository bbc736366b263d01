package dev.clientele.http;

import dev.clientele.customer.Customer;
import dev.clientele.privacy.ErasureService;
import dev.clientele.store.CustomerStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** A customer's history (previous versions, restore) and erasure. */
final class PrivacyRoutes {
    private final CustomerStore store;
    private final ErasureService erasure;
    private final dev.clientele.dedup.DuplicateService duplicates;
    private final dev.clientele.ops.AuditLog audit;

    PrivacyRoutes(CustomerStore store, ErasureService erasure, dev.clientele.dedup.DuplicateService duplicates,
                  dev.clientele.ops.AuditLog audit) {
        this.store = store;
        this.erasure = erasure;
        this.duplicates = duplicates;
        this.audit = audit;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/customers/{id}/history", this::history, Access.READER);
        routes.post("/api/customers/{id}/history/{version}/restore", this::restore, Access.EDITOR);
        routes.post("/api/customers/{id}/erase", this::erase, Access.ADMIN);
        routes.get("/api/admin/erasures/purge", this::purgeStatus, Access.ADMIN);
        routes.get("/api/customers/{id}/subject-access", this::subjectAccess, Access.ADMIN);
    }

    /** The current version (null when deleted) and the previous ones, newest first. */
    record History(String id, Customer current, List<Customer> versions) {
    }

    void history(Context ctx) {
        String id = ctx.pathParam("id");
        Customer current = store.find(id).orElse(null);
        List<Customer> versions = store.history(id, Params.integer(ctx, "limit", 100, 1, 1000));
        if (current == null && versions.isEmpty()) {
            throw new dev.clientele.customer.CustomerNotFoundException(id);
        }
        Scopes.visible(ctx, current != null ? current : versions.get(0));
        ctx.json(new History(id, current, versions));
    }

    void restore(Context ctx) {
        long version;
        try {
            version = Long.parseLong(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw new BadRequestException("version", "version must be a number");
        }
        String id = ctx.pathParam("id");
        if (!Scopes.of(ctx).unrestricted()) {
            // Both the record as it is (or was last) and the version to bring back must be within the scope.
            List<Customer> versions = store.history(id, 1000);
            Customer now = store.find(id).orElse(versions.isEmpty() ? null : versions.get(0));
            if (now == null) {
                throw new dev.clientele.customer.CustomerNotFoundException(id);
            }
            Scopes.visible(ctx, now);
            versions.stream().filter(v -> v.version() == version).findFirst()
                    .ifPresent(v -> Scopes.writable(ctx, v));
        }
        Customer c = duplicates.restoreVersion(id, version, Preconditions.ifMatch(ctx,
                store.find(id).map(Customer::version).orElse(null))).customer();
        ctx.header("ETag", Preconditions.etag(c.version())).json(c);
    }

    /** Everything Clientele holds about one person (GDPR art. 15). */
    record SubjectAccess(java.time.Instant generatedAt, Customer customer, List<Customer> previousVersions,
                         List<Object> duplicateReview, List<dev.clientele.ops.AuditEvent> audit) {
    }

    void subjectAccess(Context ctx) {
        String id = ctx.pathParam("id");
        Customer current = store.find(id).orElse(null);
        List<Customer> versions = store.history(id, 10_000);
        if (current == null && versions.isEmpty()) {
            throw new dev.clientele.customer.CustomerNotFoundException(id);
        }
        ctx.header("Content-Disposition", "attachment; filename=\"subject-access-" + id + ".json\"");
        ctx.json(new SubjectAccess(java.time.Instant.now(), current, versions, duplicates.reviewRecordsAbout(id),
                audit.about(id)));
    }

    void erase(Context ctx) {
        boolean wait = Params.bool(ctx, "wait", false);
        ctx.json(erasure.erase(ctx.pathParam("id"), wait));
    }

    void purgeStatus(Context ctx) {
        ctx.json(erasure.purgeStatus());
    }
}
