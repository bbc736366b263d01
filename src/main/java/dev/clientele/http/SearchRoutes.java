package dev.clientele.http;

import dev.clientele.search.CustomerSearcher;
import dev.clientele.store.SavedListStore;
import dev.clientele.search.SearchRequest;
import dev.clientele.search.Suggester;
import dev.clientele.search.Suggestion;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The search box: {@code GET /api/search?q=&limit=&cursor=&advanced=} (ranked hits with highlights, exact or
 * lower-bound total, opaque cursor for the next page) and {@code GET /api/suggest?q=&limit=} (as-you-type).
 * Thin: parameters are checked here (400 on bad ones), everything else is {@link CustomerSearcher}'s.
 */
final class SearchRoutes {
    /** Parameters of the plain search box; any other parameter makes a request a faceted list. */
    private static final java.util.Set<String> SEARCH_BOX_PARAMS = java.util.Set.of("q", "limit", "cursor",
            "advanced");

    private final CustomerSearcher searcher;
    private final Suggester suggester;
    private final dev.clientele.search.ListSearcher lists;
    private final SavedListStore saved;

    SearchRoutes(CustomerSearcher searcher, Suggester suggester, dev.clientele.search.ListSearcher lists,
                 SavedListStore saved) {
        this.searcher = searcher;
        this.suggester = suggester;
        this.lists = lists;
        this.saved = saved;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/search", this::search, Access.READER);
        routes.get("/api/suggest", this::suggest, Access.READER);
    }

    /**
     * One endpoint, two answers. With only {@code q}, {@code limit}, {@code cursor}, {@code advanced}: the search
     * box ({@code {hits, total, total_relation, next_cursor, timed_out}}, hits with highlights). With any filter,
     * facet, sort or saved list as well: a faceted list of the customers {@code q} finds
     * ({@code {total, aggregates, facets, customers, next_cursor}}), see {@link ListParams}.
     */
    void search(Context ctx) {
        boolean list = ctx.queryParamMap().keySet().stream().anyMatch(p -> !SEARCH_BOX_PARAMS.contains(p));
        if (list) {
            ListParams.requireKnown(ctx.queryParamMap(), ListParams.TEXT_PARAMS);
            java.util.Map<String, java.util.List<String>> params = SavedListRoutes.params(ctx, saved);
            ctx.json(searcher.list(lists, ListParams.parse(params), ListParams.single(params, "q"),
                    advanced(params), Scopes.of(ctx)));
            return;
        }
        searchBox(ctx);
    }

    /** {@code advanced} of list parameters (a saved list's, or the request's own). */
    static boolean advanced(java.util.Map<String, java.util.List<String>> params) {
        String advanced = ListParams.single(params, "advanced");
        if (advanced != null && !advanced.equals("true") && !advanced.equals("false")) {
            throw new BadRequestException("advanced", "advanced must be true or false");
        }
        return "true".equals(advanced);
    }

    private void searchBox(Context ctx) {
        int limit = Params.integer(ctx, "limit", SearchRequest.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
        String advanced = ctx.queryParam("advanced");
        if (advanced != null && !advanced.equals("true") && !advanced.equals("false")) {
            throw new BadRequestException("advanced", "advanced must be true or false");
        }
        ctx.json(searcher.search(new SearchRequest(ctx.queryParam("q"), "true".equals(advanced), limit,
                ctx.queryParam("cursor")), Scopes.of(ctx)));
    }

    void suggest(Context ctx) {
        Params.only(ctx, "q", "limit"); // a filter here (country=DE) would be ignored, suggesting everyone
        int limit = Params.integer(ctx, "limit", Suggester.DEFAULT_LIMIT, 1, Suggester.MAX_LIMIT);
        ctx.json(new Suggestions(suggester.suggest(ctx.queryParam("q"), limit, Scopes.of(ctx))));
    }

    /** The body of {@code /api/suggest}. */
    record Suggestions(List<Suggestion> suggestions) {
    }
}
