package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.CustomerSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

/**
 * Runs search-box and advanced queries over the customer index and pages through the results.
 *
 * <h2>Design notes</h2>
 * <p><b>Ranking.</b> See {@link QueryBuilder}: constant-score tiers, exact before prefix before fuzzy before
 * phonetic, ties broken by id. A blank query lists everyone, most recently changed first.
 *
 * <p><b>Paging.</b> Results are sorted by (score, id) — or (updated_at desc, id) for a blank query — and the
 * cursor carries the last hit's sort values, so the next page is a {@code searchAfter}: no result-window cap, no
 * cost growing with depth, and stable across refreshes (a customer changed meanwhile may move, but nothing is
 * skipped or repeated because of other customers). Cursors are opaque base64url strings.
 *
 * <p><b>Guard rails.</b> At most {@value SearchRequest#MAX_LIMIT} hits per page; fuzzy terms expand to at most
 * 50 terms each; every search has a time limit ({@link #timeLimit}, 2 s by default) after which the hits found so
 * far are returned with {@code timed_out}; totals are counted exactly up to {@value #EXACT_TOTAL_UP_TO} and
 * reported as a lower bound ({@code gte}) beyond.
 *
 * <p>Thread-safe. Each search acquires a searcher from the index and releases it before returning; the
 * per-request time limit lives on a private {@link IndexSearcher} over the same reader, never on the shared one.
 */
public final class CustomerSearcher {
    /** Totals are exact up to this many hits, a lower bound beyond. */
    public static final int EXACT_TOTAL_UP_TO = 1000;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

    private final CustomerIndex index;
    private final Duration timeLimit;

    public CustomerSearcher(CustomerIndex index, Duration timeLimit) {
        this.index = Objects.requireNonNull(index, "index");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    }

    public CustomerSearcher(CustomerIndex index) {
        this(index, DEFAULT_TIME_LIMIT);
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * One page of hits. Sees refreshed writes only.
     *
     * @throws InvalidSearchException for an advanced query with a syntax error or a cursor that is not ours
     */
    public SearchResult search(SearchRequest request) {
        return search(request, Scope.NONE);
    }

    /**
     * One page of hits within a key's scope (a required filter clause: totals and pages never include customers
     * outside it).
     *
     * @throws InvalidSearchException for an advanced query with a syntax error or a cursor that is not ours
     */
    public SearchResult search(SearchRequest request, Scope scope) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(scope, "scope");
        Query query = request.q().isEmpty() ? null
                : request.advanced() ? AdvancedQueryParser.parse(request.q(), "q") : QueryBuilder.searchBox(request.q());
        boolean listAll = query == null;
        Sort sort = listAll
                ? new Sort(CustomerSchema.updatedAtSortField(), CustomerSchema.idSortField())
                : new Sort(SortField.FIELD_SCORE, CustomerSchema.idSortField());
        FieldDoc after = request.cursor() == null ? null : Cursor.decode(request.cursor(), listAll);
        Highlighter highlighter = listAll ? null : new Highlighter(query);
        Query q = scope.restrict(listAll ? new MatchAllDocsQuery() : query);
        return index.withSearcher(shared -> {
            IndexSearcher s = new IndexSearcher(shared.getIndexReader());
            s.setTimeout(new QueryTimeoutImpl(timeLimit.toMillis()));
            TopFieldDocs top;
            long total;
            boolean exactTotal;
            if (listAll) {
                // Everyone, most recently changed first: the page from a window of the newest changes, the total
                // counted apart (for everyone, or a scope's filter, a count without sorting).
                top = NewestFirst.search(s, after, q, request.limit(), sort);
                total = s.count(q);
                exactTotal = true;
            } else {
                top = s.search(q, new TopFieldCollectorManager(sort, request.limit(), after, EXACT_TOTAL_UP_TO));
                total = top.totalHits.value();
                exactTotal = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO;
            }
            boolean timedOut = s.timedOut();
            StoredFields stored = s.storedFields();
            List<SearchResult.Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                FieldDoc fd = (FieldDoc) sd;
                // Only what a hit shows and highlights is read: most of a stored customer (purchases) is not.
                Customer c = CustomerSchema.summaryFromStored(stored, sd.doc);
                float score = listAll ? 0f : (Float) fd.fields[0];
                Map<String, List<String>> hl = highlighter == null ? Map.of() : highlighter.highlight(c);
                hits.add(hit(c, score, hl));
            }
            String next = top.scoreDocs.length == request.limit()
                    ? Cursor.encode((FieldDoc) top.scoreDocs[top.scoreDocs.length - 1], listAll) : null;
            boolean exact = exactTotal && !timedOut;
            return new SearchResult(hits, total, exact ? "eq" : "gte", next, timedOut);
        });
    }

    /**
     * A faceted list narrowed by search-box text (or an advanced query): the list's filters, facets and sort apply
     * to the customers the text finds, and relevance order is the text's score. Blank text lists everyone.
     *
     * @throws InvalidSearchException for an advanced query with a syntax error
     */
    public ListResult list(ListSearcher lists, ListQuery q, String text, boolean advanced) {
        return list(lists, q, text, advanced, Scope.NONE);
    }

    /** As {@link #list(ListSearcher, ListQuery, String, boolean)}, within a key's scope. */
    public ListResult list(ListSearcher lists, ListQuery q, String text, boolean advanced, Scope scope) {
        return lists.search(q, textQuery(text, advanced), scope);
    }

    /** Every customer of such a list, in the list's order, for export. @return how many */
    public long forEachMatch(ListSearcher lists, ListQuery q, String text, boolean advanced, Scope scope,
                             java.util.function.Consumer<Customer> consumer) {
        return lists.forEachMatch(q, textQuery(text, advanced), scope, consumer);
    }

    /** Values of one facet dimension starting with a prefix, within such a list. */
    public List<ListResult.FacetValue> facetValues(ListSearcher lists, ListQuery q, String text, boolean advanced,
                                                   Scope scope, String dim, String prefix, int limit) {
        return lists.facetValues(q, textQuery(text, advanced), scope, dim, prefix, limit);
    }

    private static Query textQuery(String text, boolean advanced) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() > SearchRequest.MAX_QUERY_LENGTH) {
            throw new InvalidSearchException("q", "q is longer than " + SearchRequest.MAX_QUERY_LENGTH + " characters");
        }
        return advanced ? AdvancedQueryParser.parse(t, "q") : QueryBuilder.searchBox(t);
    }

    static SearchResult.Hit hit(Customer c, float score, Map<String, List<String>> highlights) {
        String city = c.address() == null ? null : c.address().city();
        String country = c.address() == null ? null : c.address().country();
        return new SearchResult.Hit(c.id(), c.kind(), c.displayName(), c.firstName(), c.lastName(), c.company(),
                c.emails(), c.phones(), city, country, score, highlights);
    }

    /** The opaque paging cursor: the sort values of the last hit of a page. */
    static final class Cursor {
        private Cursor() {
        }

        static String encode(FieldDoc last, boolean listAll) {
            BytesRef id = (BytesRef) last.fields[1];
            String head = listAll ? "u" + last.fields[0] : "s" + Integer.toHexString(Float.floatToIntBits(
                    (Float) last.fields[0]));
            String raw = head + ":" + id.utf8ToString();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static FieldDoc decode(String cursor, boolean listAll) {
            String raw;
            try {
                raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw bad();
            }
            int colon = raw.indexOf(':');
            if (colon < 2 || colon == raw.length() - 1) {
                throw bad();
            }
            char kind = raw.charAt(0);
            String value = raw.substring(1, colon);
            BytesRef id = new BytesRef(raw.substring(colon + 1));
            try {
                if (listAll && kind == 'u') {
                    return new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {Long.parseLong(value), id});
                }
                if (!listAll && kind == 's') {
                    float score = Float.intBitsToFloat(Integer.parseUnsignedInt(value, 16));
                    return new FieldDoc(Integer.MAX_VALUE, score, new Object[] {score, id});
                }
            } catch (NumberFormatException e) {
                throw bad();
            }
            throw new InvalidSearchException("cursor", "cursor belongs to another kind of query");
        }

        private static InvalidSearchException bad() {
            return new InvalidSearchException("cursor", "malformed cursor; pass next_cursor of the previous page");
        }
    }
}
