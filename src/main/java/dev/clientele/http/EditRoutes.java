package dev.clientele.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.customer.ValidationException;
import dev.clientele.jobs.Job;
import dev.clientele.jobs.Jobs;
import dev.clientele.json.Json;
import dev.clientele.search.CustomerSearcher;
import dev.clientele.search.ListQuery;
import dev.clientele.search.ListSearcher;
import dev.clientele.search.Scope;
import dev.clientele.store.CustomerStore;
import dev.clientele.store.EditJournal;
import dev.clientele.store.ListEdit;
import dev.clientele.store.SavedListStore;
import dev.clientele.store.WriteResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/edits?<list params>}: one change (tags added or removed, a rep or stage set) made to every
 * customer of a list, as a job. {@code dry_run} answers how many it would change, with a preview, and writes
 * nothing; {@code expected_total} refuses the edit (409) when the list no longer holds the number of customers the
 * user saw. The customers are those in the list when the job begins (after any edit ahead of it): each is then
 * read, changed and written under its lock (a write made meanwhile is kept), in batches each committed before it
 * counts as changed.
 */
final class EditRoutes {
    private static final Set<String> OWN_PARAMS = ListParams.withTextParams("wait");
    private static final Set<String> BODY_FIELDS = Set.of("expected_total", "dry_run");
    private static final int BATCH = 5000;
    private static final int PREVIEW = 20;
    private static final int KEEP_ERRORS = 100;
    static final List<String> COUNTERS = List.of("matched", "changed", "unchanged", "failed");

    private final CustomerSearcher searcher;
    private final ListSearcher lists;
    private final SavedListStore saved;
    private final CustomerStore store;
    private final Jobs jobs;
    private final AppConfig config;
    private final java.nio.file.Path journals;
    private final Map<String, Result> results = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(100).<String, Result>build().asMap();

    EditRoutes(CustomerSearcher searcher, ListSearcher lists, SavedListStore saved, CustomerStore store, Jobs jobs,
               AppConfig config) {
        this.searcher = searcher;
        this.lists = lists;
        this.saved = saved;
        this.store = store;
        this.jobs = jobs;
        this.config = config;
        this.journals = config.dataDir().resolve(EditJournal.DIR);
    }

    void register(RoutesConfig routes) {
        routes.post("/api/edits", this::edit, Access.EDITOR);
        routes.get("/api/edits/jobs/{id}", this::job, Access.EDITOR);
        routes.delete("/api/edits/jobs/{id}", this::cancel, Access.EDITOR);
        routes.post("/api/edits/jobs/{id}/undo", this::undo, Access.EDITOR);
    }

    /** One customer's edited fields before and after, for a preview. */
    record Change(String id, String name, Map<String, JsonNode> before, Map<String, JsonNode> after) {
    }

    /** A customer the edit could not be made to, and why. */
    record Failure(String id, int status, String message) {
    }

    /** How an edit ended: counts, the first failures, and (for a dry run) a preview of the changes. */
    record Result(boolean dryRun, long matched, long changed, long unchanged, long failed, List<Failure> errors,
                  List<Change> preview, boolean cancelled) {
    }

    record EditJob(Job job, Result result) {
    }

    void edit(Context ctx) throws Exception {
        ListParams.requireKnownWholeList(ctx.queryParamMap(), OWN_PARAMS, "an edit changes");
        Map<String, List<String>> params = SavedListRoutes.params(ctx, saved);
        ListQuery q = ListParams.parse(params);
        String text = ListParams.single(params, "q");
        boolean advanced = SearchRoutes.advanced(params);
        boolean wait = Params.bool(ctx, "wait", false); // as on the import: wait=yes is not "no"
        ObjectNode body = Bodies.object(ctx, config.maxBodyBytes());
        if (body == null) {
            throw new BadRequestException(null, "the body must be a JSON object: {add_tags, remove_tags, set}");
        }
        ListEdit edit = ListEdit.parse(body, BODY_FIELDS, store.validator());
        Long expectedTotal = expectedTotal(body.get("expected_total"));
        boolean dryRun = dryRun(body.get("dry_run"));
        Scope scope = Scopes.of(ctx);

        if (expectedTotal != null) {
            long total = searcher.list(lists, q.countOnly(), text, advanced, scope).total();
            if (total != expectedTotal) {
                ErrorMapping.send(ctx, Problem.of(409, "list-changed", "The list changed",
                        "the list holds " + total + " customers now, not " + expectedTotal
                                + ": look at it again before changing all of them"));
                return;
            }
        }
        if (dryRun) {
            List<Change> preview = new ArrayList<>();
            Plan plan = plan(edit, q, text, advanced, scope, (c, next) -> {
                if (preview.size() < PREVIEW) {
                    preview.add(change(c, next, edit));
                }
            });
            ctx.json(new Result(true, plan.matched, plan.ids.size(), plan.matched - plan.ids.size(), 0, List.of(),
                    preview, false));
            return;
        }
        String startedBy = JobAccess.keyId(ctx);
        Job job = jobs.start("edit", startedBy, COUNTERS, progress -> {
            // The customers in the list when the job begins; those already as asked are counted, not written.
            Plan plan = plan(edit, q, text, advanced, scope, (c, next) -> { });
            write(progress, startedBy, plan.matched, plan.ids, c -> {
                Customer next = edit.apply(c);
                if (!scope.unrestricted() && !scope.matches(store.validator().clean(next))) {
                    throw new dev.clientele.search.OutOfScopeException(
                            "the edit would move this customer out of this key's scope");
                }
                return next;
            });
        });
        answer(ctx, job, wait);
    }

    /**
     * {@code POST /api/edits/jobs/{id}/undo}: puts back what an edit (one of the newest {@link EditJournal#KEEP})
     * changed, customer by customer, as a job of its own: a customer changed again since the edit is left as it is
     * (409 in the errors); the others get the tags and fields they had before it, as a new version. An undo is an
     * edit too, so it can be undone.
     */
    void undo(Context ctx) throws Exception {
        String editId = ctx.pathParam("id");
        Params.only(ctx, "wait"); // the list parameters were let through here, though an undo takes no list
        boolean wait = Params.bool(ctx, "wait", false);
        List<EditJournal.Entry> entries;
        try {
            // An edit recorded before journals named their key is undone by admins only: nobody knows whose it was.
            JobAccess.requireOwnerOrAdmin(ctx, EditJournal.startedBy(journals, editId).orElse(null),
                    "edit " + editId);
            entries = EditJournal.read(journals, editId);
        } catch (java.util.NoSuchElementException e) {
            throw new dev.clientele.dedup.ReviewNotFoundException(e.getMessage());
        }
        Scope scope = Scopes.of(ctx);
        Map<String, Long> madeVersion = new java.util.HashMap<>();
        List<String> ids = new ArrayList<>();
        for (EditJournal.Entry e : entries) {
            if (madeVersion.put(e.id(), e.version()) == null) {
                ids.add(e.id());
            }
        }
        String startedBy = JobAccess.keyId(ctx);
        Job job = jobs.start("edit", startedBy, COUNTERS, progress -> write(progress, startedBy, ids.size(), ids, c -> {
            String id = c.id();
            if (!scope.matches(c)) {
                throw new dev.clientele.customer.CustomerNotFoundException(id);
            }
            long made = madeVersion.get(id);
            if (c.version() != made) {
                throw new dev.clientele.customer.ConflictException("changed since the edit (version " + c.version()
                        + ", the edit made " + made + "): left as it is");
            }
            Customer before = store.historyVersion(id, made - 1)
                    .orElseThrow(() -> new dev.clientele.customer.ConflictException(
                            "its version before the edit is not in its history"));
            return c.withListFields(before.tags(), before.industry(), before.rep(), before.source(),
                    before.language(), before.preferredChannel(), before.contactHours(), before.funnelStage());
        }));
        answer(ctx, job, wait);
    }

    private void answer(Context ctx, Job job, boolean wait) throws InterruptedException {
        if (wait) {
            Job done = jobs.await(job.id(), Duration.ofHours(1));
            ctx.json(new EditJob(done, results.get(done.id())));
        } else {
            ctx.status(202).header("Location", "/api/edits/jobs/" + job.id()).json(new EditJob(job, null));
        }
    }

    /**
     * Writes the change to each customer in batches, each committed before it counts and before its customers are
     * recorded in the edit's journal (for an undo); reports progress, and stops between batches when cancelled.
     */
    private void write(Jobs.Progress progress, String startedBy, long matched, List<String> ids,
                       java.util.function.UnaryOperator<Customer> change) {
        progress.total(ids.size());
        progress.set("matched", matched);
        progress.set("unchanged", matched - ids.size());
        List<Failure> failures = new ArrayList<>();
        long changed = 0;
        long unchanged = matched - ids.size();
        long failed = 0;
        boolean cancelled = false;
        try (EditJournal journal = EditJournal.create(journals, progress.id(), startedBy)) {
            for (int from = 0; from < ids.size(); from += BATCH) {
                if (progress.cancelled()) {
                    cancelled = true;
                    break;
                }
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
                List<CustomerStore.BatchResult> written = store.updateEach(batch, change);
                List<EditJournal.Entry> done = new ArrayList<>();
                for (int i = 0; i < written.size(); i++) {
                    CustomerStore.BatchResult r = written.get(i);
                    if (r.error() != null) {
                        failed++;
                        if (failures.size() < KEEP_ERRORS) {
                            Problem p = BulkRoutes.problemOf(r.error());
                            failures.add(new Failure(batch.get(i), p.status(), p.detail()));
                        }
                    } else if (r.result().outcome() == WriteResult.Outcome.UNCHANGED) {
                        unchanged++;
                    } else {
                        changed++;
                        done.add(new EditJournal.Entry(r.result().customer().id(), r.result().customer().version()));
                    }
                }
                journal.append(done);
                progress.set("changed", changed);
                progress.set("unchanged", unchanged);
                progress.set("failed", failed);
                progress.advance(batch.size());
                results.put(progress.id(), new Result(false, matched, changed, unchanged, failed,
                        List.copyOf(failures), List.of(), false));
            }
        }
        results.put(progress.id(), new Result(false, matched, changed, unchanged, failed, List.copyOf(failures),
                List.of(), cancelled));
    }

    /** The list's customers the edit would change (by id, in list order), and how many the list holds. */
    private record Plan(long matched, List<String> ids) {
    }

    /**
     * Walks the list: every customer the edit changes is planned (and shown to {@code changing}, with what the edit
     * makes of it, cleaned); one already as asked is only counted. A customer the edit cannot be made to is planned
     * too: it fails when written, and is reported then.
     */
    private Plan plan(ListEdit edit, ListQuery q, String text, boolean advanced, Scope scope,
                      java.util.function.BiConsumer<Customer, Customer> changing) {
        List<String> ids = new ArrayList<>();
        long matched = searcher.forEachMatch(lists, q, text, advanced, scope, c -> {
            Customer next;
            try {
                next = store.validator().clean(edit.apply(c));
            } catch (ValidationException e) {
                ids.add(c.id());
                return;
            }
            if (!c.sameDataAs(next)) {
                ids.add(c.id());
                changing.accept(c, next);
            }
        });
        return new Plan(matched, ids);
    }

    private static Change change(Customer before, Customer after, ListEdit edit) {
        ObjectNode b = Json.MAPPER.valueToTree(before);
        ObjectNode a = Json.MAPPER.valueToTree(after);
        Map<String, JsonNode> was = new LinkedHashMap<>();
        Map<String, JsonNode> now = new LinkedHashMap<>();
        List<String> fields = new ArrayList<>();
        if (!edit.addTags().isEmpty() || !edit.removeTags().isEmpty()) {
            fields.add("tags");
        }
        fields.addAll(edit.set().keySet());
        for (String f : fields) {
            if (!b.path(f).equals(a.path(f))) {
                was.put(f, b.get(f));
                now.put(f, a.get(f));
            }
        }
        return new Change(before.id(), before.displayName(), was, now);
    }

    private static Long expectedTotal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToExactIntegral() || node.asLong() < 0 || !node.isNumber()) {
            throw new ValidationException("expected_total", "must be a whole number of customers, 0 or more");
        }
        return node.asLong();
    }

    private static boolean dryRun(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new ValidationException("dry_run", "must be true or false");
        }
        return node.booleanValue();
    }

    void job(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(new EditJob(editJob(ctx, id), results.get(id)));
    }

    /** Cancels an edit: a queued one never runs; a running one stops after the batch it is writing (committed). */
    void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        editJob(ctx, id);
        Job job = jobs.cancel(id).orElseThrow();
        ctx.status(job.state().ended() ? 200 : 202).json(new EditJob(job, results.get(id)));
    }

    /** The edit job with this id: 404 for none, 403 for a job another key started (unless an admin asks). */
    private Job editJob(Context ctx, String id) {
        Job job = jobs.get(id).filter(j -> j.kind().equals("edit"))
                .orElseThrow(() -> new dev.clientele.dedup.ReviewNotFoundException("no edit job " + id));
        JobAccess.requireOwnerOrAdmin(ctx, job.startedBy(), "edit job " + id);
        return job;
    }
}
