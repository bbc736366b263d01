package dev.clientele.http;

import dev.clientele.search.ListQuery;
import dev.clientele.search.ListResult;
import dev.clientele.search.ListSearcher;
import dev.clientele.store.SavedListStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Faceted browsing: {@code GET /api/search} with filters, facets, aggregates, sort and cursor paging (see
 * {@link ListParams}), and {@code GET /api/facets/{dim}/values} to find a value (a rep, a city) among thousands.
 * {@code list=<saved list id>} starts from a saved list's parameters. The text parameter {@code q} is not
 * handled here yet (the search-box query is merged in separately), so it is ignored.
 */
final class BrowseRoutes {
    static final int MAX_VALUES = 100;

    private final ListSearcher lists;
    private final SavedListStore saved;

    BrowseRoutes(ListSearcher lists, SavedListStore saved) {
        this.lists = lists;
        this.saved = saved;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/search", this::search);
        routes.get("/api/facets/{dim}/values", this::facetValues);
    }

    void search(Context ctx) {
        ListQuery q = ListParams.parse(SavedListRoutes.params(ctx, saved));
        ctx.json(lists.search(q));
    }

    void facetValues(Context ctx) {
        Map<String, List<String>> params = SavedListRoutes.params(ctx, saved);
        ListQuery q = ListParams.parse(params);
        String dim = ctx.pathParam("dim");
        String prefix = ListParams.single(params, "prefix");
        int limit = ListParams.integer(params, "limit", 10, 1, MAX_VALUES);
        List<ListResult.FacetValue> values = lists.facetValues(q, null, dim.equals("tag") ? "tags" : dim,
                prefix == null ? "" : prefix, limit);
        ctx.json(new FacetValues(dim, prefix == null ? "" : prefix, values));
    }

    /** The values of one dimension matching a prefix, most frequent first. */
    record FacetValues(String dimension, String prefix, List<ListResult.FacetValue> values) {
    }
}
