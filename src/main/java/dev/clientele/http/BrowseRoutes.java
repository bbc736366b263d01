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
 * Facet value search: {@code GET /api/facets/{dim}/values?prefix=} finds a value (a rep, a city) among thousands,
 * within the list the other parameters (filters, {@code q}, {@code list=<saved list id>}) describe. The list
 * itself is {@code GET /api/search} ({@link SearchRoutes}).
 */
final class BrowseRoutes {
    static final int MAX_VALUES = 100;
    /** The route's own parameters next to the list parameters. */
    private static final java.util.Set<String> OWN_PARAMS = ListParams.withTextParams("prefix");

    private final dev.clientele.search.CustomerSearcher searcher;
    private final ListSearcher lists;
    private final SavedListStore saved;

    BrowseRoutes(dev.clientele.search.CustomerSearcher searcher, ListSearcher lists, SavedListStore saved) {
        this.searcher = searcher;
        this.lists = lists;
        this.saved = saved;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/facets/{dim}/values", this::facetValues, Access.READER);
    }

    void facetValues(Context ctx) {
        ListParams.requireKnown(ctx.queryParamMap(), OWN_PARAMS);
        Map<String, List<String>> params = SavedListRoutes.params(ctx, saved);
        ListQuery q = ListParams.parse(params);
        String dim = ctx.pathParam("dim");
        String prefix = ListParams.single(params, "prefix");
        int limit = ListParams.integer(params, "limit", 10, 1, MAX_VALUES);
        List<ListResult.FacetValue> values = searcher.facetValues(lists, q, ListParams.single(params, "q"),
                SearchRoutes.advanced(params), Scopes.of(ctx), dim.equals("tag") ? "tags" : dim,
                prefix == null ? "" : prefix, limit);
        ctx.json(new FacetValues(dim, prefix == null ? "" : prefix, values));
    }

    /** The values of one dimension matching a prefix, most frequent first. */
    record FacetValues(String dimension, String prefix, List<ListResult.FacetValue> values) {
    }
}
