package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.CustomerSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FilterCollector;
import org.apache.lucene.search.FilterLeafCollector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TopScoreDocCollectorManager;

/**
 * As-you-type suggestions for the search box's dropdown: customers whose name, company or street has words
 * starting with what was typed (the last word as a prefix, earlier words whole, in any order), full-word matches
 * first and, within each, names and companies before streets. {@code OR} in capitals finds either side, as in the
 * search box.
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
        List<QueryBuilder.SuggestPass> passes = QueryBuilder.suggest(q);
        if (passes == null) {
            return List.of();
        }
        return index.withSearcher(s -> {
            // Passes instead of one query with every tier, each stopping at the first `limit` customers (in index
            // order) with its best possible score. In one query the rare whole-word clause keeps every block's best
            // possible score high, so Lucene visits every completion (17 ms for a common first name plus one
            // letter at 1M). The order is the same: whole words first, then completions, ties in index order; and
            // streets only when names and companies leave room. The scope is a non-scoring filter, so each pass's
            // best possible score stays the same.
            List<ScoreDoc> docs = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            for (QueryBuilder.SuggestPass pass : passes) {
                if (docs.size() >= limit) {
                    break;
                }
                for (ScoreDoc sd : top(s, scope.restrict(pass.query()), pass.best(), limit + seen.size())) {
                    if (docs.size() < limit && seen.add(sd.doc)) {
                        docs.add(sd);
                    }
                }
            }
            StoredFields stored = s.storedFields();
            QueryBuilder.StreetWords streetWords = QueryBuilder.streetWords(q);
            List<Suggestion> out = new ArrayList<>(docs.size());
            for (ScoreDoc sd : docs) {
                // Only what a suggestion shows is read (no purchases, no dates): most of a stored customer is not.
                Customer c = CustomerSchema.summaryFromStored(stored, sd.doc);
                String street = c.address() == null ? null : c.address().street();
                out.add(new Suggestion(c.id(), c.displayName(), c.kind(), c.company(),
                        c.address() == null ? null : c.address().city(),
                        street != null && streetWords.found(street) ? street : null));
            }
            return out;
        });
    }

    /**
     * The best {@code n} hits, ties in index order, without a total: Lucene skips what cannot compete, and the
     * search stops outright once {@code n} hits have the best score the query can give.
     */
    private static List<ScoreDoc> top(IndexSearcher s, Query query, float best, int n) throws IOException {
        TopScoreDocCollectorManager topN = new TopScoreDocCollectorManager(n, null, n);
        return List.of(s.search(query, new CollectorManager<StopAtBest, TopDocs>() {
            @Override
            public StopAtBest newCollector() throws IOException {
                return new StopAtBest(topN.newCollector(), best, n);
            }

            @Override
            public TopDocs reduce(Collection<StopAtBest> collectors) throws IOException {
                List<TopScoreDocCollector> all = new ArrayList<>();
                collectors.forEach(c -> all.add(c.top));
                return topN.reduce(all);
            }
        }).scoreDocs);
    }

    /** Collects into {@code top} and ends the search once {@code n} hits scored {@code best}. */
    private static final class StopAtBest extends FilterCollector {
        final TopScoreDocCollector top;
        private final float best;
        private final int n;
        private int atBest;

        StopAtBest(TopScoreDocCollector top, float best, int n) {
            super(top);
            this.top = top;
            this.best = best;
            this.n = n;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            if (atBest >= n) {
                throw new CollectionTerminatedException();
            }
            return new FilterLeafCollector(super.getLeafCollector(context)) {
                private Scorable scorer;

                @Override
                public void setScorer(Scorable scorer) throws IOException {
                    this.scorer = scorer;
                    super.setScorer(scorer);
                }

                @Override
                public void collect(int doc) throws IOException {
                    super.collect(doc);
                    if (scorer.score() >= best && ++atBest >= n) {
                        throw new CollectionTerminatedException();
                    }
                }
            };
        }
    }
}
