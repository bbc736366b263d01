package dev.clientele.http;

import dev.clientele.search.CustomerSearcher;
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
    private final CustomerSearcher searcher;
    private final Suggester suggester;

    SearchRoutes(CustomerSearcher searcher, Suggester suggester) {
        this.searcher = searcher;
        this.suggester = suggester;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/search", this::search, Access.READER);
        routes.get("/api/suggest", this::suggest, Access.READER);
    }

    void search(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                // Javalin 7 runs checks on absent parameters too (with null).
                .check(l -> l == null || l >= 1 && l <= SearchRequest.MAX_LIMIT,
                        "must be from 1 to " + SearchRequest.MAX_LIMIT)
                .getOrDefault(SearchRequest.DEFAULT_LIMIT);
        String advanced = ctx.queryParam("advanced");
        if (advanced != null && !advanced.equals("true") && !advanced.equals("false")) {
            throw new BadRequestException("advanced", "advanced must be true or false");
        }
        ctx.json(searcher.search(new SearchRequest(ctx.queryParam("q"), "true".equals(advanced), limit,
                ctx.queryParam("cursor"))));
    }

    void suggest(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                .check(l -> l == null || l >= 1 && l <= Suggester.MAX_LIMIT,
                        "must be from 1 to " + Suggester.MAX_LIMIT)
                .getOrDefault(Suggester.DEFAULT_LIMIT);
        ctx.json(new Suggestions(suggester.suggest(ctx.queryParam("q"), limit)));
    }

    /** The body of {@code /api/suggest}. */
    record Suggestions(List<Suggestion> suggestions) {
    }
}
