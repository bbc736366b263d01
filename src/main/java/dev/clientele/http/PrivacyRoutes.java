package dev.clientele.http;

import dev.clientele.customer.Customer;
import dev.clientele.privacy.ErasureService;
import dev.clientele.privacy.RelatedRecords;
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
    private final RelatedRecords related;

    PrivacyRoutes(CustomerStore store, ErasureService erasure, dev.clientele.dedup.DuplicateService duplicates,
                  dev.clientele.ops.AuditLog audit) {
        this.store = store;
        this.erasure = erasure;
        this.duplicates = duplicates;
        this.audit = audit;
        this.related = new RelatedRecords(store, duplicates);
    }

    void register(RoutesConfig routes) {
        routes.get("/api/customers/{id}/history", this::history, Access.READER);
        routes.post("/api/customers/{id}/history/{version}/restore", this::restore, Access.EDITOR);
        routes.post("/api/customers/{id}/erase", this::erase, Access.ADMIN);
        routes.get("/api/admin/erasures/purge", this::purgeStatus, Access.ADMIN);
        routes.get("/api/customers/{id}/subject-access", this::subjectAccess, Access.ADMIN);
        routes.get("/api/customers/{id}/related", this::related, Access.ADMIN);
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
                         List<Object> duplicateReview, List<dev.clientele.ops.AuditEvent> audit,
                         List<String> relatedIds) {
    }

    void subjectAccess(Context ctx) {
        String id = ctx.pathParam("id");
        Customer current = store.find(id).orElse(null);
        List<Customer> versions = store.history(id, 10_000);
        if (current == null && versions.isEmpty()) {
            throw new dev.clientele.customer.CustomerNotFoundException(id);
        }
        ctx.header("Content-Disposition", "attachment; filename=\"subject-access-" + id + ".json\"");
        // The ids only of the records that are probably the same person: the admin sees there may be more to answer
        // for (GET /related says why), and the file holds no other record's data.
        List<String> relatedIds = related.of(id).stream().map(RelatedRecords.Related::id).toList();
        ctx.json(new SubjectAccess(java.time.Instant.now(), current, versions, duplicates.reviewRecordsAbout(id),
                audit.about(id), relatedIds));
    }

    /** The records that are probably the same person as this one, each with why. */
    record Related(List<RelatedRecords.Related> records) {
    }

    void related(Context ctx) {
        ctx.json(new Related(related.of(ctx.pathParam("id"))));
    }

    void erase(Context ctx) {
        Params.only(ctx, "wait", "also"); // misspelt, also would erase one record for good and keep the others
        boolean wait = Params.bool(ctx, "wait", false);
        List<String> also = also(ctx);
        ErasureService.Receipt r = erasure.erase(ctx.pathParam("id"), also, wait);
        // One audit line for each record erased besides the one in the path, naming that one as the target.
        ctx.attribute(RequestObserver.ALSO_CUSTOMER_IDS, r.erased().subList(1, r.erased().size()));
        ctx.json(r);
    }

    /** The {@code also} ids: comma-separated, the parameter possibly repeated; blanks and repeats dropped. */
    private static List<String> also(Context ctx) {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        for (String v : ctx.queryParams("also")) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    ids.add(part.strip());
                }
            }
        }
        if (ids.size() > ErasureService.MAX_ALSO) {
            throw new BadRequestException("also", "also names " + ids.size() + " records; at most "
                    + ErasureService.MAX_ALSO + " are erased with one");
        }
        return List.copyOf(ids);
    }

    void purgeStatus(Context ctx) {
        ctx.json(erasure.purgeStatus());
    }
}
