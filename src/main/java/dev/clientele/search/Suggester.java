package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.CustomerSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;

/**
 * As-you-type suggestions for the search box's dropdown: customers whose name or company has words starting
 * with what was typed (the last word as a prefix, earlier words whole, in any order), full-word matches first.
 *
 * <p>Why edge n-grams ({@link CustomerSchema#NAME_PREFIX}) and not Lucene's suggest module: a prefix becomes a
 * single term lookup, so a one-letter prefix costs the same as a long one and needs no expansion bound, and no
 * second index has to be kept in sync with the customer index. Totals are not counted and ties stay in index
 * order, which lets Lucene stop early and keeps the tail latency low. Thread-safe.
 */
public final class Suggester {
    public static final int DEFAULT_LIMIT = 8;
    public static final int MAX_LIMIT = 20;

    private final CustomerIndex index;

    public Suggester(CustomerIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    /**
     * Suggestions for a partly typed query, best first; empty for a blank query.
     *
     * @throws InvalidSearchException if {@code limit} is outside 1..{@value #MAX_LIMIT}
     */
    public List<Suggestion> suggest(String q, int limit) {
        return suggest(q, limit, Scope.NONE);
    }

    /** As {@link #suggest(String, int)}, only customers within a key's scope (a required filter clause). */
    public List<Suggestion> suggest(String q, int limit, Scope scope) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidSearchException("limit", "limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (q == null || q.length() > SearchRequest.MAX_QUERY_LENGTH) {
            return List.of();
        }
        Query text = QueryBuilder.suggest(q);
        if (text == null) {
            return List.of();
        }
        Query query = scope.restrict(text);
        return index.withSearcher(s -> {
            // Score order with index order for ties, and no total count: once `limit` customers of the best tier
            // are found, every other document is skipped, so a one-letter prefix matching 300k customers costs
            // about what a rare one does. (Sorting ties by id, as search does for paging, would visit them all.)
            TopDocs top = s.search(query, new TopScoreDocCollectorManager(limit, null, limit));
            StoredFields stored = s.storedFields();
            List<Suggestion> out = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                Customer c = CustomerSchema.fromStored(stored, sd.doc);
                out.add(new Suggestion(c.id(), c.displayName(), c.kind(), c.company(),
                        c.address() == null ? null : c.address().city()));
            }
            return out;
        });
    }
}
