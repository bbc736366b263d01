package dev.clientele.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.dedup.DuplicatePairs;
import dev.clientele.dedup.DuplicateService;
import dev.clientele.dedup.FieldContribution;
import dev.clientele.dedup.ReviewNotFoundException;
import dev.clientele.jobs.Job;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Duplicate detection and review: candidates, check, scan jobs, the queue, merge, dismiss, undo. */
final class DuplicateRoutes {
    private final DuplicateService service;
    private final AppConfig config;

    DuplicateRoutes(DuplicateService service, AppConfig config) {
        this.service = service;
        this.config = config;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/customers/{id}/duplicates", this::candidates, Access.READER);
        routes.post("/api/duplicates/check", this::check, Access.READER);
        routes.post("/api/dedup/jobs", this::startJob, Access.EDITOR);
        routes.get("/api/dedup/jobs/{id}", this::job, Access.READER);
        routes.delete("/api/dedup/jobs/{id}", this::cancelJob, Access.EDITOR);
        routes.get("/api/duplicates", this::queue, Access.READER);
        routes.post("/api/duplicates/{pair}/merge", this::merge, Access.EDITOR);
        routes.post("/api/duplicates/{pair}/dismiss", this::dismiss, Access.EDITOR);
        routes.post("/api/merges/{id}/undo", this::undo, Access.EDITOR);
    }

    /** A candidate as the API shows it. */
    record CandidateView(String pairId, double score, String decision, List<FieldContribution> fields,
                         Customer customer, String status) {
        static CandidateView of(DuplicateService.Candidate c) {
            return new CandidateView(c.pairId(), round(c.result().score()), c.result().decision().wire(),
                    c.result().fields(), c.customer(), c.status() == null ? null : c.status().toString());
        }
    }

    record Candidates(List<CandidateView> duplicates) {
    }

    void candidates(Context ctx) {
        ctx.json(new Candidates(service.candidatesFor(ctx.pathParam("id"), Scopes.of(ctx)).stream()
                .map(CandidateView::of).toList()));
    }

    void check(Context ctx) throws IOException {
        Customer input = Bodies.customer(ctx, config.maxBodyBytes());
        ctx.json(new Candidates(service.check(input, Scopes.of(ctx)).stream().map(CandidateView::of).toList()));
    }

    /**
     * Starts a scan of the whole base. Not for a key with a scope: the scan's progress and counts (its total is the
     * number of every customer) describe customers outside the scope.
     */
    void startJob(Context ctx) {
        Scopes.requireUnscoped(ctx, "a duplicate scan");
        Job job = service.startScan(JobAccess.keyId(ctx));
        ctx.status(202).header("Location", "/api/dedup/jobs/" + job.id()).json(job);
    }

    void job(Context ctx) {
        ctx.json(scanJob(ctx, ctx.pathParam("id")));
    }

    /** Cancels a scan (queued: never runs; running: stops, keeping the pairs found); 202 while it stops. */
    void cancelJob(Context ctx) {
        String id = ctx.pathParam("id");
        scanJob(ctx, id);
        Job job = service.cancelScan(id).orElseThrow(() -> new ReviewNotFoundException("no dedup job " + id));
        ctx.status(job.state().ended() ? 200 : 202).json(job);
    }

    /** The scan with this id: 404 for none, 403 for one another key started (unless an admin asks). */
    private Job scanJob(Context ctx, String id) {
        Job job = service.job(id).orElseThrow(() -> new ReviewNotFoundException("no dedup job " + id));
        JobAccess.requireOwnerOrAdmin(ctx, job.startedBy(), "duplicate scan " + id);
        return job;
    }

    void queue(Context ctx) {
        Params.only(ctx, "status", "min_score", "limit", "cursor");
        DuplicatePairs.Status status = DuplicatePairs.Status.valueOf(Params.oneOf(ctx, "status", "pending",
                java.util.Set.of("pending", "dismissed", "merged")).toUpperCase(Locale.ROOT));
        double minScore = Params.number(ctx, "min_score", 0.0, 0, 1);
        int limit = Params.integer(ctx, "limit", 20, 1, 200);
        DuplicateService.QueuePage page;
        try {
            page = service.queue(status, minScore, ctx.queryParam("cursor"), limit, Scopes.of(ctx));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("cursor", e.getMessage());
        }
        ctx.json(page);
    }

    void merge(Context ctx) throws IOException {
        String survivor = null;
        Map<String, String> choices = new LinkedHashMap<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        ObjectNode node = Bodies.optionalObject(ctx, config.maxBodyBytes());
        if (node != null) {
            for (var it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("survivor") && !f.equals("choices") && !f.equals("versions")) {
                    throw new BadRequestException(f,
                            "unknown field '" + f + "' (expected survivor, choices, versions)");
                }
            }
            JsonNode v = node.get("versions");
            if (v != null && !v.isNull()) {
                if (!v.isObject()) {
                    throw new BadRequestException("versions", "versions must be an object of customer id: version");
                }
                for (var it = v.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber()) {
                        throw new BadRequestException("versions." + e.getKey(), "must be a whole number");
                    }
                    versions.put(e.getKey(), e.getValue().asLong());
                }
            }
            JsonNode s = node.get("survivor");
            if (s != null && !s.isNull()) {
                if (!s.isTextual()) {
                    throw new BadRequestException("survivor", "survivor must be a customer id");
                }
                survivor = s.asText();
            }
            JsonNode c = node.get("choices");
            if (c != null && !c.isNull()) {
                if (!c.isObject()) {
                    throw new BadRequestException("choices", "choices must be an object of field: \"a\"|\"b\"");
                }
                for (var it = c.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw new BadRequestException("choices." + e.getKey(), "must be \"a\" or \"b\"");
                    }
                    choices.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        try {
            DuplicateService.MergeOutcome merged = service.merge(ctx.pathParam("pair"), survivor, choices,
                    versions, Scopes.of(ctx));
            audit(ctx, merged.survivor().id(), merged.removedId());
            ctx.json(merged);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new BadRequestException(m.startsWith("survivor") ? "survivor" : m.startsWith("versions")
                    ? "versions" : "choices", m);
        }
    }

    void dismiss(Context ctx) {
        DuplicatePairs.Pair pair = service.dismiss(ctx.pathParam("pair"), Scopes.of(ctx));
        audit(ctx, pair.leftId(), pair.rightId());
        ctx.json(Map.of("pair_id", pair.pairId(), "status", "dismissed"));
    }

    /** The audit line of a review decision names both customers: the one kept (customer id) and the other. */
    private static void audit(Context ctx, String customerId, String otherId) {
        ctx.attribute(RequestObserver.CUSTOMER_ID, customerId);
        ctx.attribute(RequestObserver.TARGET, otherId);
    }

    record Undone(String mergeId, List<Customer> customers) {
    }

    void undo(Context ctx) {
        String id = ctx.pathParam("id");
        List<Customer> restored = service.undo(id, Scopes.of(ctx));
        audit(ctx, restored.get(0).id(), restored.get(1).id());
        ctx.json(new Undone(id, restored));
    }

    static double round(double score) {
        return Math.round(score * 10000) / 10000.0;
    }
}
