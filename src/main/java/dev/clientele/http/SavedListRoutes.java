package dev.clientele.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.search.ListQuery;
import dev.clientele.store.SavedListStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved lists: {@code POST /api/lists} {@code {"name", "query", "sort", "columns"}} where query is a query string
 * ({@code "country=DE&tag=vip"}) or an object ({@code {"country": ["DE","AT"], "spent_within": "30d"}}) and columns
 * the export columns chosen for the list ({@code ["id", "first_name", "last_name", "emails"]}, optional);
 * {@code GET /api/lists}, {@code GET /api/lists/{id}}, {@code DELETE /api/lists/{id}}. A saved list is reused
 * with {@code list=<id>} on {@code /api/search}, {@code /api/export} and {@code /api/facets/{dim}/values}; the
 * request's own parameters override the saved ones of the same name.
 */
final class SavedListRoutes {
    private static final int MAX_NAME = 200;
    private static final long MAX_BODY = 64 * 1024;
    /** What a saved query may hold besides list parameters: the search-box text. */
    private static final java.util.Set<String> SAVED_TEXT_PARAMS = java.util.Set.of("q", "advanced");

    private final SavedListStore saved;

    SavedListRoutes(SavedListStore saved) {
        this.saved = saved;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/lists", this::create, Access.EDITOR);
        routes.get("/api/lists", ctx -> ctx.json(Map.of("lists", saved.all())), Access.READER);
        routes.get("/api/lists/{id}", ctx -> ctx.json(find(saved, ctx.pathParam("id"))), Access.READER);
        routes.put("/api/lists/{id}", this::update, Access.EDITOR);
        routes.delete("/api/lists/{id}", ctx -> {
            mayChange(ctx, find(saved, ctx.pathParam("id")));
            if (!saved.delete(ctx.pathParam("id"))) {
                throw new NotFoundResponse("no saved list " + ctx.pathParam("id"));
            }
            ctx.status(204);
        }, Access.EDITOR);
    }

    /** What a saved list is made of, checked as a search would check it. */
    private record Definition(String name, String query, String sort, List<String> columns) {
    }

    void create(Context ctx) throws IOException {
        Definition d = definition(ctx);
        var principal = AccessGuard.principal(ctx);
        var list = saved.create(d.name(), d.query(), d.sort(), d.columns(),
                principal == null ? null : principal.id());
        ctx.status(201).header("Location", "/api/lists/" + list.id()).json(list);
    }

    /**
     * Replaces a list's name, query, sort and columns (a body without columns leaves it with none); only its creator,
     * a key without a scope, or an admin may.
     */
    void update(Context ctx) throws IOException {
        SavedListStore.SavedList list = find(saved, ctx.pathParam("id"));
        mayChange(ctx, list);
        Definition d = definition(ctx);
        ctx.json(saved.update(list.id(), d.name(), d.query(), d.sort(), d.columns())
                .orElseThrow(() -> new NotFoundResponse("no saved list " + list.id())));
    }

    /**
     * A key with a scope changes only the lists it saved: the lists are shared by every key, and a sales rep's key
     * must not delete or rewrite the team's lists.
     */
    private static void mayChange(Context ctx, SavedListStore.SavedList list) {
        var principal = AccessGuard.principal(ctx);
        if (principal == null || Scopes.of(ctx).unrestricted() || principal.role() == dev.clientele.security.Role.ADMIN
                || principal.id().equals(list.createdBy())) {
            return;
        }
        throw new dev.clientele.security.ForbiddenException("a key with a scope changes only the saved lists it saved; this one was saved "
                + "by another key");
    }

    private Definition definition(Context ctx) throws IOException {
        ObjectNode body = Bodies.object(ctx, MAX_BODY);
        String name = body.path("name").isTextual() ? body.path("name").asText().strip() : "";
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new BadRequestException("name", "name must be a text of 1 to " + MAX_NAME + " characters");
        }
        String query = queryString(body.get("query"));
        String sort = null;
        JsonNode s = body.get("sort");
        if (s != null && !s.isNull()) {
            if (!s.isTextual()) {
                throw new BadRequestException("sort", "sort must be a text such as -spend");
            }
            sort = ListQuery.SortOrder.parse(s.asText()).wire();
        }
        Map<String, List<String>> params = parseQuery(query);
        params.remove("list");
        params.remove("cursor");
        ListParams.requireKnown(params, SAVED_TEXT_PARAMS);
        ListParams.parse(params); // rejects what a search would reject
        return new Definition(name, toQuery(params), sort, columns(body.get("columns")));
    }

    /**
     * The list's export columns, an array of names ({@code ["first_name", "emails"]}) or one text of them separated
     * by commas, as {@code columns=} of the export takes them; checked as the export checks them, so a saved list
     * never holds a column its export would refuse. None (null, absent, empty) is null.
     */
    private static List<String> columns(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        if (node.isTextual()) {
            names.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw new BadRequestException("columns", "columns must be export column names, such as "
                            + "[\"first_name\", \"emails\"]");
                }
                names.add(n.asText());
            }
        } else {
            throw new BadRequestException("columns", "columns must be an array of export column names");
        }
        return ExportColumns.parse(names);
    }

    private static String queryString(JsonNode q) {
        if (q == null || q.isNull()) {
            return "";
        }
        if (q.isTextual()) {
            String t = q.asText().strip();
            return t.startsWith("?") ? t.substring(1) : t;
        }
        if (!q.isObject()) {
            throw new BadRequestException("query", "query must be a query string or an object of parameters");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : q.properties()) {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(scalar(e.getKey(), v)));
            } else {
                values.add(scalar(e.getKey(), e.getValue()));
            }
            params.put(e.getKey(), values);
        }
        return toQuery(params);
    }

    private static String scalar(String key, JsonNode v) {
        if (!v.isValueNode() || v.isNull()) {
            throw new BadRequestException("query." + key, "must be a text, number, boolean or an array of them");
        }
        return v.asText();
    }

    static SavedListStore.SavedList find(SavedListStore saved, String id) {
        return saved.get(id).orElseThrow(() -> new NotFoundResponse("no saved list " + id));
    }

    /**
     * The request's query parameters, on top of the saved list's when {@code list=<id>} is given (the saved sort
     * applies unless the request has one).
     */
    static Map<String, List<String>> params(Context ctx, SavedListStore saved) {
        Map<String, List<String>> request = ctx.queryParamMap();
        String id = request.containsKey("list") ? ListParams.single(request, "list") : null;
        if (id == null || id.isBlank()) {
            return request;
        }
        SavedListStore.SavedList list = find(saved, id.strip());
        Map<String, List<String>> merged = parseQuery(list.query());
        if (list.sort() != null) {
            merged.put("sort", List.of(list.sort()));
        }
        request.forEach((k, v) -> {
            if (!k.equals("list")) {
                merged.put(k, v);
            }
        });
        return merged;
    }

    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query == null || query.isBlank()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String toQuery(Map<String, List<String>> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, values) -> values.forEach(v -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }));
        return sb.toString();
    }
}
