package dev.clientele.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.FieldError;
import dev.clientele.customer.Purchase;
import dev.clientele.customer.ValidationException;
import dev.clientele.store.CustomerStore;
import dev.clientele.store.WriteResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The customer resource: create, read, replace, patch, delete, upsert by external id, list. */
final class CustomerRoutes {
    static final int MAX_PAGE = 1000;
    /** A field of one stored purchase in a validation error: {@code purchases[7].amount}. */
    private static final java.util.regex.Pattern STORED_PURCHASE =
            java.util.regex.Pattern.compile("^purchases\\[(\\d+)]\\.?(.*)$");

    private final CustomerStore store;
    private final dev.clientele.dedup.DuplicateService duplicates;
    private final AppConfig config;
    private final dev.clientele.search.ListSearcher lists;

    CustomerRoutes(CustomerStore store, dev.clientele.dedup.DuplicateService duplicates, AppConfig config,
                   dev.clientele.search.ListSearcher lists) {
        this.store = store;
        this.duplicates = duplicates;
        this.config = config;
        this.lists = lists;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/customers", this::create, Access.EDITOR);
        routes.get("/api/customers", this::list, Access.READER);
        routes.get("/api/customers/by-external-id/{external_id}", this::getByExternalId, Access.READER);
        routes.put("/api/customers/by-external-id/{external_id}", this::upsertByExternalId, Access.EDITOR);
        routes.get("/api/customers/{id}", this::get, Access.READER);
        routes.put("/api/customers/{id}", this::replace, Access.EDITOR);
        routes.patch("/api/customers/{id}", this::patch, Access.EDITOR);
        routes.delete("/api/customers/{id}", this::delete, Access.EDITOR);
        routes.post("/api/customers/{id}/purchases", this::addPurchases, Access.EDITOR);
    }

    void create(Context ctx) throws IOException {
        Params.only(ctx, "on_duplicate"); // misspelt, it would create the duplicate the caller asked to refuse
        Customer input = Bodies.customer(ctx, config.maxBodyBytes());
        if (input.id() != null) {
            throw new BadRequestException("id", "id is made by the server; use PUT /api/customers/{id} to replace");
        }
        String onDuplicate = Params.oneOf(ctx, "on_duplicate", "allow", java.util.Set.of("allow", "warn", "refuse"));
        if (!Scopes.of(ctx).unrestricted()) {
            Scopes.writable(ctx, store.validator().clean(input));
        }
        if (!onDuplicate.equals("allow")) {
            var found = duplicates.check(input, Scopes.of(ctx));
            if (!found.isEmpty()) {
                if (onDuplicate.equals("refuse")) {
                    throw new DuplicateFoundException(found.stream().map(DuplicateRoutes.CandidateView::of).toList());
                }
                ctx.header("Duplicate-Candidates", String.join(", ",
                        found.stream().map(f -> f.customer().id()).toList()));
            }
        }
        WriteResult r = store.create(input);
        ctx.header("Location", "/api/customers/" + r.customer().id());
        respond(ctx.status(201), r.customer());
    }

    void get(Context ctx) {
        Customer c = Scopes.visible(ctx, current(ctx, ctx.pathParam("id")));
        if (Preconditions.notModified(ctx, c.version())) {
            // No body, so none of Javalin's default text/plain either: a cache takes a 304's Content-Type as the new
            // type of the JSON it holds (RFC 9110 §15.4.5).
            ctx.header("ETag", Preconditions.etag(c.version())).status(304);
            ctx.res().setContentType(null);
            return;
        }
        respond(ctx, c);
    }

    /** The stored customer; 410 with the survivor for one a merge removed (see DuplicateService), else 404. */
    private Customer current(Context ctx, String id) {
        return duplicates.getOrMergedAway(id, Scopes.of(ctx));
    }

    void getByExternalId(Context ctx) {
        String ext = ctx.pathParam("external_id");
        Customer c = store.findByExternalId(ext).filter(Scopes.of(ctx)::matches).orElseThrow(() -> {
            duplicates.requireNotMergedAway(ext, Scopes.of(ctx)); // 410 when a merge removed it
            return new CustomerNotFoundException("with external_id " + ext);
        });
        respond(ctx, c);
    }

    void replace(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        // 404 before parsing, so a wrong id is reported as such; If-Match is evaluated against the current version
        Long expected = Preconditions.ifMatch(ctx, Scopes.visible(ctx, current(ctx, id)).version());
        Customer input = Bodies.customer(ctx, config.maxBodyBytes());
        if (!Scopes.of(ctx).unrestricted()) {
            Scopes.writable(ctx, store.validator().clean(input.withId(null)));
        }
        respond(ctx, store.replace(id, input, expected).customer());
    }

    void patch(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Long expected = Preconditions.ifMatch(ctx, Scopes.visible(ctx, current(ctx, id)).version());
        ObjectNode patch = Bodies.object(ctx, config.maxBodyBytes());
        dev.clientele.search.Scope scope = Scopes.of(ctx);
        WriteResult r;
        try {
            r = store.update(id, current -> patched(id, current, patch, scope), expected);
        } catch (UncheckedIOException e) {
            // A value of the wrong type or form in the patch ({"emails": {"x": 1}}): 400 naming the field, as on PUT.
            if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                throw j;
            }
            throw e;
        }
        respond(ctx, r.customer());
    }

    private Customer patched(String id, Customer current, ObjectNode patch, dev.clientele.search.Scope scope) {
        return inScope(id, current, c -> {
            try {
                return Bodies.mergePatch(c, patch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, scope);
    }

    /**
     * A change made under the customer's lock, checked against a scoped key once more: a customer moved out of its
     * scope by someone else since the route's check is not found (before the change is made), and a change that
     * would move it out is refused.
     */
    private Customer inScope(String id, Customer current, java.util.function.UnaryOperator<Customer> change,
                             dev.clientele.search.Scope scope) {
        if (!scope.matches(current)) {
            throw new CustomerNotFoundException(id); // changed by someone else since the check above
        }
        Customer next = change.apply(current);
        if (!scope.unrestricted() && !scope.matches(store.validator().clean(next.withId(null)))) {
            throw new dev.clientele.search.OutOfScopeException("this key may only write customers within its scope");
        }
        return next;
    }

    /**
     * Appends one purchase (a JSON object) or several (an array) to a customer, under the customer's lock, as one new
     * version: a till or a shop recording a sale needs neither the purchases stored nor the customer's version, and
     * two sales recorded at once both count (a PUT or PATCH of the whole list would need If-Match and a retry).
     * A validation error names the field as it was sent ({@code amount}, or {@code [1].amount} in an array).
     */
    void addPurchases(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Long expected = Preconditions.ifMatch(ctx, Scopes.visible(ctx, current(ctx, id)).version());
        Bodies.requireJson(ctx);
        com.fasterxml.jackson.databind.JsonNode body = dev.clientele.json.Json.MAPPER.readTree(
                Bodies.bytes(ctx, config.maxBodyBytes()));
        boolean single = body != null && body.isObject();
        if (!single && (body == null || !body.isArray() || body.isEmpty())) {
            throw new BadRequestException(null, "the body must be a purchase object or a non-empty array of them");
        }
        List<Purchase> added = single
                ? List.of(dev.clientele.json.Json.MAPPER.treeToValue(body, Purchase.class))
                : dev.clientele.json.Json.MAPPER.readerForListOf(Purchase.class).readValue(body);
        dev.clientele.search.Scope scope = Scopes.of(ctx);
        int[] before = {0};
        WriteResult r;
        try {
            r = store.update(id, current -> inScope(id, current, c -> {
                before[0] = c.purchases().size();
                List<Purchase> all = new java.util.ArrayList<>(c.purchases());
                all.addAll(added);
                return c.withPurchases(all);
            }, scope), expected);
        } catch (ValidationException e) {
            throw new ValidationException(e.errors().stream().map(f -> asSent(f, before[0], single)).toList());
        }
        ctx.header("Location", "/api/customers/" + id);
        respond(ctx.status(201), r.customer());
    }

    /** {@code purchases[7].amount} of the stored list as the field of the body: {@code amount} or {@code [2].amount}. */
    private static FieldError asSent(FieldError f, int offset, boolean single) {
        java.util.regex.Matcher m = STORED_PURCHASE.matcher(f.field());
        if (!m.matches() || Integer.parseInt(m.group(1)) < offset) {
            return f;
        }
        int i = Integer.parseInt(m.group(1)) - offset;
        String rest = m.group(2);
        return new FieldError(single ? rest : "[" + i + "]" + (rest.isEmpty() ? "" : "." + rest), f.message());
    }

    void delete(Context ctx) {
        Long expected = Preconditions.ifMatch(ctx, Scopes.visible(ctx, current(ctx, ctx.pathParam("id"))).version());
        store.delete(ctx.pathParam("id"), expected);
        ctx.status(204);
    }

    void upsertByExternalId(Context ctx) throws IOException {
        String ext = ctx.pathParam("external_id");
        // Merged into another record (not undone): 410 naming it, rather than creating the duplicate again.
        duplicates.requireNotMergedAway(ext, Scopes.of(ctx));
        // A record outside a scoped key's scope counts as absent, so If-Match tells nothing about it.
        Long expected = Preconditions.ifMatch(ctx, store.findByExternalId(ext).filter(Scopes.of(ctx)::matches)
                .map(Customer::version).orElse(null));
        Customer input = Bodies.customer(ctx, config.maxBodyBytes());
        if (input.id() != null) {
            throw new BadRequestException("id", "id is made by the server; leave it out when upserting by external_id");
        }
        if (!Scopes.of(ctx).unrestricted()) {
            // Outside the scope: answered as GET answers an external id nobody has, without the record's id.
            if (store.findByExternalId(ext).filter(existing -> !Scopes.of(ctx).matches(existing)).isPresent()) {
                throw new CustomerNotFoundException("with external_id " + ext);
            }
            Scopes.writable(ctx, store.validator().clean(input));
        }
        WriteResult r = store.upsertByExternalId(ext, input, expected);
        if (r.created()) {
            ctx.status(201).header("Location", "/api/customers/" + r.customer().id());
        }
        respond(ctx, r.customer());
    }

    void list(Context ctx) {
        Params.only(ctx, "limit", "cursor"); // no filters here (country=DE would list everyone): /api/search has them
        int limit = Params.integer(ctx, "limit", 100, 1, MAX_PAGE);
        String cursor = ctx.queryParam("cursor");
        List<Customer> page = lists.page(Scopes.of(ctx), cursor == null || cursor.isBlank() ? null : cursor, limit);
        String next = page.size() == limit ? page.get(page.size() - 1).id() : null;
        ctx.json(new CustomerPage(page, next));
    }

    /** A page of the customer list; {@code next_cursor} is null on the last page. */
    record CustomerPage(List<Customer> customers, String nextCursor) {
    }

    private static void respond(Context ctx, Customer c) {
        ctx.attribute(RequestObserver.CUSTOMER_ID, c.id());
        ctx.header("ETag", Preconditions.etag(c.version()));
        ctx.json(c);
    }
}
