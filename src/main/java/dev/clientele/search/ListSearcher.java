package dev.clientele.search;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.CustomerSchema;
import dev.clientele.index.FacetFields;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * Runs list queries: filters, multi-select facets with spend aggregates, sorting with cursor paging, and
 * streaming of all matches for export. An optional text query (from the search box) is one more filter clause
 * and supplies the relevance scores.
 *
 * <h2>Design notes</h2>
 * <p><b>Evaluation.</b> Each filter dimension becomes one clause; their matches are cached bitsets per segment
 * (see {@link FacetCounter}). The result set is their AND; a facet dimension that has a selection is counted over
 * the AND of all <em>other</em> clauses (multi-select), others over the result set.
 *
 * <p><b>Time.</b> "Today" comes from the injected clock at every query, so relative windows and last-purchase
 * buckets move with time while the index stays as written.
 *
 * <p>Thread-safe; holds caches only.
 */
public final class ListSearcher {
    private static final String TEXT = "text";
    private static final String SCOPE = "scope";
    /** Matches an export reads per search (see {@link #forEachMatch}). */
    static final int EXPORT_PAGE = 10_000;
    private final CustomerIndex index;
    private final FilterQueries.SpendBuckets buckets;
    private final Clock clock;
    private final FacetCounter counter;
    private final SpendConversion conversion;

    public ListSearcher(CustomerIndex index, List<BigDecimal> spendBucketEdges, Clock clock) {
        this.index = Objects.requireNonNull(index, "index");
        this.conversion = SpendConversion.of(index.currency());
        this.buckets = new FilterQueries.SpendBuckets(spendBucketEdges, conversion);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counter = new FacetCounter(64L << 20, 1_000_000, conversion);
    }

    /** How often a cache answered (hits) or had to compute (misses) since start. */
    public record CacheStats(long hits, long misses) {
    }

    /** The facet caches' hits and misses by name ({@code facet_filters}, {@code facet_counts}, …), for metrics. */
    public Map<String, CacheStats> cacheStats() {
        return counter.cacheStats();
    }

    public ListResult search(ListQuery q) {
        return search(q, null, Scope.NONE);
    }

    /**
     * Counts every facet dimension of the unfiltered list once, as the list screen's first view asks for them, so
     * the first user after a start does not wait while they are built (about 1.5 s at 1M customers).
     */
    public void warm() {
        search(ListQuery.all().withFacets(ListQuery.FACET_DIMENSIONS.stream().sorted().toArray(String[]::new))
                .withPage(ListQuery.SortOrder.RELEVANCE, 0, null));
    }

    public ListResult search(ListQuery q, Query textQuery) {
        return search(q, textQuery, Scope.NONE);
    }

    /**
     * Runs a list query, restricted to and scored by {@code textQuery} when it is not null, within a key's scope
     * (an extra filter clause that no facet leaves out, so counts are within the scope too).
     *
     * @throws InvalidSearchException for a bad cursor or filter value
     */
    public ListResult search(ListQuery q, Query textQuery, Scope scope) {
        LocalDate today = LocalDate.now(clock);
        return index.withSearcher(s -> run(s, q, textQuery, scope, today));
    }

    /**
     * Calls the consumer for every match, in the query's sort order (the order of the list's pages, whatever page
     * the query names), holding one searcher for the whole walk. The matches are read {@value #EXPORT_PAGE} at a
     * time, each page after the last one's sort values, so memory use is one bitset per segment and one page of
     * sort values whatever the number of matches. Returns the number of customers passed.
     */
    public long forEachMatch(ListQuery q, Query textQuery, Scope scope, Consumer<Customer> consumer) {
        return forEachMatch(q, textQuery, scope, EXPORT_PAGE, consumer);
    }

    /** As {@link #forEachMatch(ListQuery, Query, Scope, Consumer)}, reading {@code pageSize} matches at a time. */
    long forEachMatch(ListQuery q, Query textQuery, Scope scope, int pageSize, Consumer<Customer> consumer) {
        LocalDate today = LocalDate.now(clock);
        return index.withSearcher(s -> {
            List<FilterQueries.Clause> clauses = clauses(q, textQuery, scope, today);
            FixedBitSet[] bits = counter.matches(s, queries(clauses, Set.of()));
            Query hitsQuery = hitsQuery(bits, textQuery);
            Sort sort = sort(q.sort(), textQuery != null, conversion);
            StoredFields stored = s.storedFields();
            long n = 0;
            FieldDoc after = null;
            while (true) {
                ScoreDoc[] page = s.searchAfter(after, hitsQuery, pageSize, sort, false).scoreDocs;
                for (ScoreDoc d : page) {
                    consumer.accept(CustomerSchema.fromStored(stored, d.doc, index.currency()));
                    n++;
                }
                if (page.length < pageSize) {
                    return n;
                }
                after = (FieldDoc) page[page.length - 1];
            }
        });
    }

    private static Query hitsQuery(FixedBitSet[] bits, Query textQuery) {
        Query hits = new BitsQuery(bits);
        return textQuery == null ? hits
                : new BooleanQuery.Builder().add(textQuery, Occur.MUST).add(hits, Occur.FILTER).build();
    }

    /**
     * Values of a keyword dimension whose folded, lower-cased form starts with the folded prefix (or has a word
     * that does), counted under the query's filters except the dimension's own; most frequent first.
     */
    public List<ListResult.FacetValue> facetValues(ListQuery q, Query textQuery, Scope scope, String dim,
            String prefix, int limit) {
        String field = FacetFields.KEYWORD_DIMENSIONS.get(dim);
        if (field == null) {
            throw new InvalidSearchException("dim", "no value search for '" + dim + "'; use one of "
                    + FacetFields.KEYWORD_DIMENSIONS.keySet().stream().sorted().toList());
        }
        LocalDate today = LocalDate.now(clock);
        String text = prefix == null ? "" : prefix;
        List<String> prefixes = List.of(fold(text), latin(text)).stream().distinct().toList();
        return index.withSearcher(s -> {
            List<FilterQueries.Clause> clauses = clauses(q, textQuery, scope, today);
            List<Query> others = queries(clauses, Set.of(dim));
            FacetCounter.Counts counts = counter.count(s, others, null,
                    FacetCounter.Counting.keyword(field), window(q, today));
            List<Map.Entry<String, FacetCounter.Acc>> sorted = counts.sorted();
            String[] foldedValues = counts.folded(ListSearcher::searchForms);
            List<ListResult.FacetValue> out = new ArrayList<>();
            for (int i = 0; i < foldedValues.length && out.size() < limit; i++) {
                if (matchesPrefix(foldedValues[i], prefixes)) {
                    Map.Entry<String, FacetCounter.Acc> e = sorted.get(i);
                    out.add(value(e.getKey(), null, e.getValue(), q.window() != null));
                }
            }
            return out;
        });
    }

    /**
     * A page of customers in id (creation) order after {@code afterId}, within a scope.
     *
     * @param afterId the cursor: the last id of the previous page, or null for the first page
     * @throws InvalidSearchException (400) when the cursor is not an id, as a mistyped cursor would otherwise
     *     read as "after everything" and answer an empty page
     */
    public List<Customer> page(Scope scope, String afterId, int limit) {
        if (afterId != null && !dev.clientele.customer.CustomerIds.isValid(afterId)) {
            throw new InvalidSearchException("cursor", "malformed cursor; pass next_cursor of the previous page");
        }
        return index.page(afterId, limit, scope.query());
    }

    long countsCacheHits() {
        return counter.countsCacheHits();
    }

    long segmentCacheHits() {
        return counter.segmentCacheHits();
    }

    private ListResult run(IndexSearcher s, ListQuery q, Query textQuery, Scope scope, LocalDate today)
            throws IOException {
        List<FilterQueries.Clause> clauses = clauses(q, textQuery, scope, today);
        List<Query> all = queries(clauses, Set.of());
        FixedBitSet[] bits = counter.matches(s, all);
        FacetCounter.Window window = window(q, today);
        FacetCounter.Acc totals = counter.count(s, all, bits, FacetCounter.Counting.TOTALS, window).map
                .get("all");
        boolean hasWindow = window != null;
        Map<String, ListResult.Facet> facets = new LinkedHashMap<>();
        for (String dim : q.facets()) {
            Set<String> excluded = dim.equals("region") ? Set.of("country", "region", "city", "place") : Set.of(dim);
            boolean selfSelected = clauses.stream().anyMatch(c -> excluded.contains(c.dimension()));
            List<Query> base = selfSelected ? queries(clauses, excluded) : all;
            FixedBitSet[] baseBits = selfSelected ? null : bits;
            facets.put(dim, facet(s, q, dim, base, baseBits, today, window, hasWindow));
        }
        List<Customer> customers = new ArrayList<>();
        String next = null;
        if (q.limit() > 0) {
            Query hitsQuery = hitsQuery(bits, textQuery);
            Sort sort = sort(q.sort(), textQuery != null, conversion);
            String sortKey = q.sort().wire() + (textQuery != null ? "+q" : "");
            FieldDoc after = q.cursor() == null || q.cursor().isBlank() ? null : Cursors.decode(q.cursor(), sortKey,
                    s.getIndexReader().maxDoc());
            TopDocs top = NewestFirst.search(s, after, hitsQuery, q.limit() + 1, sort);
            StoredFields stored = s.storedFields();
            int n = Math.min(q.limit(), top.scoreDocs.length);
            for (int i = 0; i < n; i++) {
                customers.add(CustomerSchema.fromStored(stored, top.scoreDocs[i].doc, index.currency()));
            }
            if (top.scoreDocs.length > q.limit()) {
                next = Cursors.encode((FieldDoc) top.scoreDocs[n - 1], sortKey);
            }
        }
        return new ListResult(totals.count, aggregates(totals, hasWindow), facets, customers, next,
                conversion.rates().base());
    }

    private ListResult.Facet facet(IndexSearcher s, ListQuery q, String dim, List<Query> base, FixedBitSet[] bits,
            LocalDate today, FacetCounter.Window window, boolean hasWindow) throws IOException {
        int offset = q.facetOffsets().getOrDefault(dim, 0);
        switch (dim) {
            case "spend", "last_purchase" -> {
                var counting = dim.equals("spend") ? FacetCounter.Counting.spend(buckets)
                        : FacetCounter.Counting.lastPurchase(today);
                FacetCounter.Counts counts = counter.count(s, base, bits, counting, window);
                List<ListResult.FacetValue> values = counts.map.entrySet().stream()
                        .map(e -> value(e.getKey(), null, e.getValue(), hasWindow)).toList();
                return new ListResult.Facet(dim, null, values, values.size(), 0, false);
            }
            case "region" -> {
                int depth = q.regionPath().size();
                if (depth >= FacetFields.REGION_LEVELS.size()) {
                    throw new InvalidSearchException("region_path", "region_path goes down to country/region");
                }
                String sep = String.valueOf(FacetFields.PATH_SEPARATOR);
                String stored = depth == 0 ? "" : storedPath(s, q.regionPath());
                String prefix = depth == 0 ? null : stored + sep;
                FacetCounter.Counts counts = counter.count(s, base, bits,
                        FacetCounter.Counting.keyword(FacetFields.REGION_LEVELS.get(depth), prefix), window);
                List<Map.Entry<String, FacetCounter.Acc>> level = counts.top(offset + q.facetLimit());
                int cut = prefix == null ? 0 : prefix.length();
                List<ListResult.FacetValue> page = level.stream().skip(offset).limit(q.facetLimit())
                        .map(e -> value(e.getKey().substring(cut), e.getKey().replace(sep, "/"), e.getValue(),
                                hasWindow))
                        .toList();
                return new ListResult.Facet(dim, stored.replace(sep, "/"), page, counts.size(), offset,
                        offset + page.size() < counts.size());
            }
            default -> {
                FacetCounter.Counts counts = counter.count(s, base, bits,
                        FacetCounter.Counting.keyword(FacetFields.KEYWORD_DIMENSIONS.get(dim)), window);
                List<Map.Entry<String, FacetCounter.Acc>> top = counts.top(offset + q.facetLimit());
                List<ListResult.FacetValue> page = top.stream().skip(offset).limit(q.facetLimit())
                        .map(e -> value(e.getKey(), null, e.getValue(), hasWindow)).toList();
                return new ListResult.Facet(dim, null, page, counts.size(), offset,
                        offset + page.size() < counts.size());
            }
        }
    }

    /**
     * A region path (["DE", "bayern"]) in the spelling the index holds it ("DE␟Bayern"), as region filters ignore
     * case; the path as given when no customer has it in any case.
     */
    private static String storedPath(IndexSearcher s, List<String> path) throws IOException {
        String sep = String.valueOf(FacetFields.PATH_SEPARATOR);
        String given = String.join(sep, path);
        Terms terms = MultiTerms.getTerms(s.getIndexReader(), FacetFields.REGION_LEVELS.get(path.size() - 1));
        if (terms == null || terms.iterator().seekExact(new BytesRef(given))) {
            return given;
        }
        TermsEnum te = new CompiledAutomaton(FilterQueries.anyCaseAutomaton(List.of(given))).getTermsEnum(terms);
        BytesRef stored = te.next();
        return stored == null ? given : stored.utf8ToString();
    }

    private static ListResult.FacetValue value(String value, String path, FacetCounter.Acc a, boolean window) {
        return new ListResult.FacetValue(value, path, a.count, aggregates(a, window));
    }

    private static ListResult.Aggregates aggregates(FacetCounter.Acc a, boolean window) {
        return ListResult.Aggregates.of(a.count, a.spendUnits, window, a.windowUnits, a.windowPurchases);
    }

    private List<FilterQueries.Clause> clauses(ListQuery q, Query textQuery, Scope scope, LocalDate today) {
        List<FilterQueries.Clause> clauses = new ArrayList<>(FilterQueries.clauses(q, today, buckets));
        if (textQuery != null) {
            clauses.add(new FilterQueries.Clause(TEXT, textQuery));
        }
        if (!scope.unrestricted()) {
            // No facet dimension is named "scope", so multi-select never leaves it out; being one of the clauses,
            // it is part of every filter-bitset and count cache key.
            clauses.add(new FilterQueries.Clause(SCOPE, scope.query()));
        }
        return clauses;
    }

    private static List<Query> queries(List<FilterQueries.Clause> clauses, Set<String> excluded) {
        return clauses.stream().filter(c -> !excluded.contains(c.dimension())).map(FilterQueries.Clause::query)
                .toList();
    }

    private FacetCounter.Window window(ListQuery q, LocalDate today) {
        if (q.window() == null) {
            return null;
        }
        PurchaseWindowQuery w = FilterQueries.windowQuery(q.window(), today, conversion);
        return new FacetCounter.Window(w.fromDay, w.toDay);
    }

    /**
     * The Lucene sort of an order; the id breaks ties. Relevance without a text query has nothing to rank by (all
     * scores are equal), so it lists in creation order, like {@code GET /api/customers}. That is also the order of
     * the documents, so Lucene skips all but the first competitive ones (at 1M customers about 5 ms, where a
     * descending creation order takes over 100 ms: every later document beats the ones collected so far).
     */
    static Sort sort(ListQuery.SortOrder order, boolean hasText) {
        return sort(order, hasText, SpendConversion.IDENTITY);
    }

    /** As {@link #sort(ListQuery.SortOrder, boolean)}, spend in the base currency of {@code conversion}. */
    static Sort sort(ListQuery.SortOrder order, boolean hasText, SpendConversion conversion) {
        SortField id = KeywordField.newSortField(CustomerSchema.ID, false, SortedSetSelector.Type.MIN);
        SortField first = switch (order) {
            case RELEVANCE -> hasText ? SortField.FIELD_SCORE : LongField.newSortField(CustomerSchema.CREATED_AT,
                    false, SortedNumericSelector.Type.MIN);
            case NAME, NAME_DESC -> new SortField(FacetFields.NAME_SORT, SortField.Type.STRING,
                    order == ListQuery.SortOrder.NAME_DESC);
            case SPEND, SPEND_DESC -> conversion.identity()
                    ? LongField.newSortField(FacetFields.SPEND_UNITS, order == ListQuery.SortOrder.SPEND_DESC,
                            SortedNumericSelector.Type.MIN)
                    : BaseSpendQuery.sortField(conversion, order == ListQuery.SortOrder.SPEND_DESC);
            // never-purchased customers sort last either way
            case LAST_PURCHASE -> LongField.newSortField(FacetFields.LAST_PURCHASE_DAY, false,
                    SortedNumericSelector.Type.MAX, Long.MAX_VALUE);
            case LAST_PURCHASE_DESC -> LongField.newSortField(FacetFields.LAST_PURCHASE_DAY, true,
                    SortedNumericSelector.Type.MAX, Long.MIN_VALUE);
            case CREATED, CREATED_DESC -> LongField.newSortField(CustomerSchema.CREATED_AT,
                    order == ListQuery.SortOrder.CREATED_DESC, SortedNumericSelector.Type.MIN);
            case UPDATED, UPDATED_DESC -> LongField.newSortField(CustomerSchema.UPDATED_AT,
                    order == ListQuery.SortOrder.UPDATED_DESC, SortedNumericSelector.Type.MIN);
        };
        return new Sort(first, id);
    }

    /** Lower case without accents, for facet value search. */
    static String fold(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return d.toLowerCase(Locale.ROOT).strip();
    }

    /** Latin lower case without accents, Cyrillic transliterated (Москва: moskva, Straße: strasse). */
    private static String latin(String s) {
        return dev.clientele.text.Folding.latin(s).strip();
    }

    /**
     * The forms a facet value is searched in, separated by NUL: {@link #fold} and, when it differs, {@link #latin},
     * so "mosk" and "МОСК" both find Москва, and "strass" finds Straße.
     */
    static String searchForms(String value) {
        String folded = fold(value);
        String latin = latin(value);
        return folded.equals(latin) ? folded : folded + '\0' + latin;
    }

    private static boolean matchesPrefix(String forms, List<String> prefixes) {
        for (String form : forms.split("\0")) {
            for (String p : prefixes) {
                if (matchesPrefix(form, p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesPrefix(String v, String foldedPrefix) {
        if (foldedPrefix.isEmpty()) {
            return true;
        }
        if (v.startsWith(foldedPrefix)) {
            return true;
        }
        for (String word : v.split("[\\s\\-/.,]+")) {
            if (word.startsWith(foldedPrefix)) {
                return true;
            }
        }
        return false;
    }

    /** Opaque cursors: the sort values of the last hit, tagged with the sort they belong to. */
    static final class Cursors {
        private Cursors() {
        }

        static String encode(FieldDoc last, String sortKey) {
            StringBuilder sb = new StringBuilder(sortKey).append('|').append(last.doc);
            for (Object v : last.fields) {
                sb.append('|');
                if (v == null) {
                    sb.append('n');
                } else if (v instanceof Float f) {
                    sb.append('f').append(Float.floatToIntBits(f));
                } else if (v instanceof Long l) {
                    sb.append('l').append(l);
                } else if (v instanceof BytesRef b) {
                    sb.append('b').append(Base64.getUrlEncoder().withoutPadding().encodeToString(
                            java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length)));
                } else {
                    throw new IllegalStateException("unexpected sort value " + v.getClass());
                }
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        static FieldDoc decode(String cursor, String sortKey, int maxDoc) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] parts = text.split("\\|", -1);
                if (parts.length != 4 || !parts[0].equals(sortKey)) {
                    throw new InvalidSearchException("cursor", "the cursor belongs to another query or sort");
                }
                int doc = Integer.parseInt(parts[1]);
                Object[] fields = new Object[parts.length - 2];
                for (int i = 2; i < parts.length; i++) {
                    String p = parts[i];
                    fields[i - 2] = switch (p.charAt(0)) {
                        case 'n' -> null;
                        case 'f' -> Float.intBitsToFloat(Integer.parseInt(p.substring(1)));
                        case 'l' -> Long.parseLong(p.substring(1));
                        case 'b' -> new BytesRef(Base64.getUrlDecoder().decode(p.substring(1)));
                        default -> throw new IllegalArgumentException();
                    };
                }
                float score = fields[0] instanceof Float f ? f : Float.NaN;
                // The id sort field is unique, so only the last hit itself ties with the cursor, and it must be
                // left out wherever it is now: a hit that ties is skipped when its doc is at most the cursor's, so
                // the cursor's doc is the highest there is (searchAfter refuses one beyond the index). The doc of
                // the last hit is not used: once a write moves that customer to a higher doc (an update re-indexes
                // it, a merge renumbers), it came back at the top of the next page.
                if (doc < 0) {
                    throw new IllegalArgumentException();
                }
                return new FieldDoc(maxDoc - 1, score, fields);
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                throw new InvalidSearchException("cursor", "malformed cursor");
            }
        }
    }
}
