package dev.clientele.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clientele.index.FacetFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.StringHelper;

/**
 * Filter bitsets and facet counts with spend aggregates, cached the way Solr does it (see stack.md §4.8).
 *
 * <h2>Design notes</h2>
 * <p><b>Filter cache.</b> Every filter clause's matches in a segment are a {@link FixedBitSet} (live documents
 * only), cached by the segment reader's cache key and the clause's query. A refresh that changes a segment's
 * deletions gives it a new reader key, so stale bitsets are never used; they age out of the size-bounded cache.
 * Lucene's own query cache never caches term filters, which is why it is not used.
 *
 * <p><b>Count cache.</b> Facet counts (and result-set aggregates) are cached by the top-level reader's cache
 * key, i.e. per index generation, plus the set of clauses and what is counted. Unfiltered and popular views
 * hit it; a refresh changes the key, which invalidates them exactly.
 *
 * <p><b>Multi-select.</b> The caller counts a dimension over the conjunction of all other dimensions'
 * clauses: with cached bitsets that is a few word-wise ANDs, faster than DrillSideways.
 *
 * <p>Thread-safe.
 */
final class FacetCounter {
    private final Cache<BitsKey, FixedBitSet> bitsCache;
    private final Cache<CountsKey, Counts> countsCache;
    private final Cache<SegmentKey, Map<String, Acc>> segmentCache;

    /**
     * @param maxFilterBytes  bound of the filter bitset cache, in bytes
     * @param maxCountValues  bound of the count cache, in cached values (a city dimension of a large index alone
     *                        can have 10^5 of them, at roughly 150 bytes each)
     */
    /** How spend is converted into the base currency (identity: none). */
    private final SpendConversion conversion;

    FacetCounter(long maxFilterBytes, long maxCountValues) {
        this(maxFilterBytes, maxCountValues, SpendConversion.IDENTITY);
    }

    /** Counts with spend sums and buckets in the base currency of {@code conversion}. */
    FacetCounter(long maxFilterBytes, long maxCountValues, SpendConversion conversion) {
        this.conversion = java.util.Objects.requireNonNull(conversion, "conversion");
        this.bitsCache = Caffeine.newBuilder().maximumWeight(maxFilterBytes)
                .weigher((BitsKey k, FixedBitSet b) -> 64 + b.getBits().length * 8).recordStats().build();
        this.countsCache = Caffeine.newBuilder().maximumWeight(maxCountValues)
                .weigher((CountsKey k, Counts c) -> 1 + c.map.size()).recordStats().build();
        this.segmentCache = Caffeine.newBuilder().maximumWeight(maxCountValues)
                .weigher((SegmentKey k, Map<String, Acc> m) -> 1 + m.size()).recordStats().build();
    }

    private record BitsKey(Object readerKey, Query query) {
    }

    /** What is counted: a keyword field, spend buckets, last-purchase buckets, or only the totals ("all"). */
    record Counting(String kind, String field, String prefix, FilterQueries.SpendBuckets buckets,
            LocalDate today) {
        static Counting keyword(String field) {
            return new Counting("keyword", field, null, null, null);
        }

        /** Only the values starting with {@code prefix} (a contiguous range of the field's terms). */
        static Counting keyword(String field, String prefix) {
            return new Counting("keyword", field, prefix, null, null);
        }

        static Counting spend(FilterQueries.SpendBuckets b) {
            return new Counting("spend", FacetFields.SPEND_UNITS, null, b, null);
        }

        static Counting lastPurchase(LocalDate today) {
            return new Counting("last_purchase", FacetFields.LAST_PURCHASE_DAY, null, null, today);
        }

        static final Counting TOTALS = new Counting("all", null, null, null, null);
    }

    /** Counts of every document of one segment (deleted ones too), by the segment's core key. */
    private record SegmentKey(Object coreKey, Counting counting, int windowFrom, int windowTo, boolean window) {
    }

    private record CountsKey(Object readerKey, Counting counting, Set<Query> clauses, int windowFrom, int windowTo,
            boolean window) {
    }

    /** Running count and sums of one bucket. */
    static final class Acc {
        long count;
        long spendUnits;
        long windowUnits;
        long windowPurchases;

        void add(Acc o) {
            count += o.count;
            spendUnits += o.spendUnits;
            windowUnits += o.windowUnits;
            windowPurchases += o.windowPurchases;
        }

        void subtract(Acc o) {
            count -= o.count;
            spendUnits -= o.spendUnits;
            windowUnits -= o.windowUnits;
            windowPurchases -= o.windowPurchases;
        }
    }

    /**
     * The counts of one dimension: value → count and sums, immutable once cached, with the orderings that
     * rendering needs computed once per cached entry rather than per request (a city or region path dimension
     * can have hundreds of thousands of values).
     */
    static final class Counts {
        final Map<String, Acc> map;
        private volatile List<Map.Entry<String, Acc>> sorted;
        private volatile String[] folded;

        Counts(Map<String, Acc> map) {
            this.map = map;
        }

        /**
         * The first {@code k} entries of {@link #sorted()}, without sorting every value when only a page of a
         * large dimension (cities: 10^5 values at 1M customers) is shown: a bounded heap, O(n log k).
         */
        List<Map.Entry<String, Acc>> top(int k) {
            List<Map.Entry<String, Acc>> s = sorted;
            if (s != null || k >= map.size()) {
                s = sorted();
                return s.subList(0, Math.min(k, s.size()));
            }
            Top t = top;
            if (t != null && t.k() >= k) {
                return t.entries().subList(0, Math.min(k, t.entries().size()));
            }
            java.util.PriorityQueue<Map.Entry<String, Acc>> heap = new java.util.PriorityQueue<>(k + 1,
                    BY_COUNT.reversed());
            for (Map.Entry<String, Acc> e : map.entrySet()) {
                if (heap.size() < k) {
                    heap.add(e);
                } else if (k > 0 && BY_COUNT.compare(e, heap.peek()) < 0) {
                    heap.poll();
                    heap.add(e);
                }
            }
            List<Map.Entry<String, Acc>> out = new java.util.ArrayList<>(heap);
            out.sort(BY_COUNT);
            List<Map.Entry<String, Acc>> entries = List.copyOf(out);
            top = new Top(k, entries);
            return entries;
        }

        private record Top(int k, List<Map.Entry<String, Acc>> entries) {
        }

        private volatile Top top;

        /** Number of values. */
        int size() {
            return map.size();
        }

        /** Entries by count (descending), then value. */
        List<Map.Entry<String, Acc>> sorted() {
            List<Map.Entry<String, Acc>> s = sorted;
            if (s == null) {
                s = map.entrySet().stream().sorted(BY_COUNT).toList();
                sorted = s;
            }
            return s;
        }

        /** The values of {@link #sorted()}, folded by {@code fold}, in the same order. */
        String[] folded(java.util.function.UnaryOperator<String> fold) {
            String[] f = folded;
            if (f == null) {
                List<Map.Entry<String, Acc>> s = sorted();
                f = new String[s.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = fold.apply(s.get(i).getKey());
                }
                folded = f;
            }
            return f;
        }

    }

    static final java.util.Comparator<Map.Entry<String, Acc>> BY_COUNT =
            java.util.Comparator.<Map.Entry<String, Acc>>comparingLong(e -> -e.getValue().count)
                    .thenComparing(Map.Entry::getKey);

    /** The window aggregated per bucket (epoch days, inclusive), or null. */
    record Window(int fromDay, int toDay) {
    }

    static Object readerKey(IndexReader reader) {
        IndexReader.CacheHelper h = reader.getReaderCacheHelper();
        return h == null ? reader : h.getKey();
    }

    /** The live documents of one segment that match a query, cached. */
    FixedBitSet leafBits(IndexSearcher searcher, LeafReaderContext leaf, Query query) {
        return bitsCache.get(new BitsKey(readerKey(leaf.reader()), query), k -> {
            try {
                return computeLeafBits(searcher, leaf, query);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static FixedBitSet computeLeafBits(IndexSearcher searcher, LeafReaderContext leaf, Query query)
            throws IOException {
        int maxDoc = leaf.reader().maxDoc();
        FixedBitSet bits = new FixedBitSet(maxDoc);
        Bits live = leaf.reader().getLiveDocs();
        if (query instanceof MatchAllDocsQuery) {
            bits.set(0, maxDoc);
        } else {
            Weight w = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
            Scorer s = w.scorer(leaf);
            if (s != null) {
                var tpi = s.twoPhaseIterator();
                if (tpi == null) {
                    bits.or(s.iterator());
                } else {
                    DocIdSetIterator it = tpi.approximation();
                    for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                        if (tpi.matches()) {
                            bits.set(d);
                        }
                    }
                }
            }
        }
        if (live != null) {
            for (int d = bits.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS;
                    d = d + 1 < maxDoc ? bits.nextSetBit(d + 1) : DocIdSetIterator.NO_MORE_DOCS) {
                if (!live.get(d)) {
                    bits.clear(d);
                }
            }
        }
        return bits;
    }

    /**
     * Per leaf (by ord), the live documents matching every query (all live documents for none). The bitsets may be
     * shared with the cache: read only.
     */
    FixedBitSet[] matches(IndexSearcher searcher, List<Query> queries) {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        FixedBitSet[] out = new FixedBitSet[leaves.size()];
        for (LeafReaderContext leaf : leaves) {
            // The cached bitsets are shared and never written: one clause (or none) is used as it is, only an
            // intersection needs a copy.
            FixedBitSet acc = null;
            boolean copied = false;
            for (Query q : queries) {
                FixedBitSet b = leafBits(searcher, leaf, q);
                if (acc == null) {
                    acc = b;
                } else {
                    if (!copied) {
                        acc = acc.clone();
                        copied = true;
                    }
                    acc.and(b);
                }
            }
            if (acc == null) {
                acc = leafBits(searcher, leaf, new MatchAllDocsQuery());
            }
            out[leaf.ord] = acc;
        }
        return out;
    }

    /**
     * Counts and sums per bucket over the documents matching {@code clauses}; {@code bits} must be
     * {@link #matches} of exactly those clauses (passed in when the caller already has them, else null).
     */
    Counts count(IndexSearcher searcher, List<Query> clauses, FixedBitSet[] bits, Counting counting,
            Window window) {
        CountsKey key = new CountsKey(readerKey(searcher.getIndexReader()), counting, Set.copyOf(clauses),
                window == null ? 0 : window.fromDay(), window == null ? 0 : window.toDay(), window != null);
        boolean everyLiveDocument = clauses.isEmpty();
        return countsCache.get(key, k -> {
            try {
                return new Counts(compute(searcher, bits != null ? bits : matches(searcher, clauses), counting,
                        window, everyLiveDocument));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Hits and misses of the three caches, by name: filter bitsets, whole counts, per-segment counts. */
    Map<String, ListSearcher.CacheStats> cacheStats() {
        return Map.of("facet_filters", stats(bitsCache.stats()), "facet_counts", stats(countsCache.stats()),
                "facet_segments", stats(segmentCache.stats()));
    }

    private static ListSearcher.CacheStats stats(com.github.benmanes.caffeine.cache.stats.CacheStats s) {
        return new ListSearcher.CacheStats(s.hitCount(), s.missCount());
    }

    long countsCacheHits() {
        return countsCache.stats().hitCount();
    }

    long segmentCacheHits() {
        return segmentCache.stats().hitCount();
    }

    private static List<String> rangeKeys(Counting counting) {
        return switch (counting.kind()) {
            case "spend" -> counting.buckets().keys();
            case "last_purchase" -> FilterQueries.LAST_PURCHASE_BUCKETS;
            case "all" -> List.of("all");
            default -> null;
        };
    }

    private static Map<String, Acc> emptyCounts(List<String> rangeKeys) {
        if (rangeKeys == null) {
            return new HashMap<>();
        }
        Map<String, Acc> out = new LinkedHashMap<>();
        for (String k : rangeKeys) {
            out.put(k, new Acc());
        }
        return out;
    }

    /**
     * Counts over {@code bits}; when {@code everyLiveDocument} (no filter: the first view of a list, and each
     * multi-select dimension counted without other filters), per segment from {@link #addLiveCounts}, so a refresh
     * after a write recounts only what changed rather than the whole index (a second at 1M customers).
     */
    private Map<String, Acc> compute(IndexSearcher searcher, FixedBitSet[] bits, Counting counting,
            Window window, boolean everyLiveDocument) throws IOException {
        List<String> rangeKeys = rangeKeys(counting);
        Map<String, Acc> out = emptyCounts(rangeKeys);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FixedBitSet b = bits[leaf.ord];
            if (b == null) {
                continue;
            }
            if (everyLiveDocument) {
                addLiveCounts(leaf, b, counting, window, rangeKeys, out);
            } else {
                countLeaf(leaf, b, counting, window, out, rangeKeys);
            }
        }
        if (everyLiveDocument && rangeKeys == null) {
            out.values().removeIf(a -> a.count <= 0);
        }
        return out;
    }

    /**
     * Adds the counts of a segment's live documents to {@code out}: the counts of all its documents, cached by its
     * core key (which deletions do not change; new segments get new keys), minus those of its deleted documents,
     * which are few until a merge drops them; {@code live} is the segment's live documents (what {@link #matches}
     * gives for no clause). Cached maps are shared: read only.
     */
    private void addLiveCounts(LeafReaderContext leaf, FixedBitSet live, Counting counting, Window window,
            List<String> rangeKeys, Map<String, Acc> out) throws IOException {
        var reader = leaf.reader();
        int maxDoc = reader.maxDoc();
        IndexReader.CacheHelper core = reader.getCoreCacheHelper();
        if (core == null) {
            countLeaf(leaf, live, counting, window, out, rangeKeys);
            return;
        }
        SegmentKey key = new SegmentKey(core.getKey(), counting, window == null ? 0 : window.fromDay(),
                window == null ? 0 : window.toDay(), window != null);
        Map<String, Acc> all = segmentCache.get(key, k -> {
            FixedBitSet every = new FixedBitSet(maxDoc);
            every.set(0, maxDoc);
            Map<String, Acc> m = emptyCounts(rangeKeys);
            try {
                countLeaf(leaf, every, counting, window, m, rangeKeys);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            core.addClosedListener(closed -> segmentCache.asMap().keySet().removeIf(x -> x.coreKey() == closed));
            return m;
        });
        all.forEach((value, acc) -> out.computeIfAbsent(value, v -> new Acc()).add(acc));
        if (reader.getLiveDocs() == null) {
            return;
        }
        FixedBitSet deleted = live.clone();
        deleted.flip(0, maxDoc);
        Map<String, Acc> gone = emptyCounts(rangeKeys);
        countLeaf(leaf, deleted, counting, window, gone, rangeKeys);
        gone.forEach((value, acc) -> out.computeIfAbsent(value, v -> new Acc()).subtract(acc));
    }

    private void countLeaf(LeafReaderContext leaf, FixedBitSet bits, Counting counting, Window window,
            Map<String, Acc> out, List<String> rangeKeys) throws IOException {
        var reader = leaf.reader();
        SortedNumericDocValues spendMulti = DocValues.getSortedNumeric(reader, FacetFields.SPEND_UNITS);
        NumericDocValues spend = DocValues.unwrapSingleton(spendMulti);
        long[] base = conversion.identity() ? null : LifetimeSpend.of(reader, conversion);
        WindowSums purchases = window == null ? null
                : WindowSums.of(reader, window.fromDay(), window.toDay(), conversion);
        long[] w = new long[2];
        int maxDoc = reader.maxDoc();
        switch (counting.kind()) {
            case "keyword" -> {
                SortedSetDocValues ssdv = DocValues.getSortedSet(reader, counting.field());
                long lo = 0;
                long hi = ssdv.getValueCount();
                if (counting.prefix() != null) {
                    BytesRef prefix = new BytesRef(counting.prefix());
                    lo = ssdv.lookupTerm(prefix);
                    lo = lo < 0 ? -lo - 1 : lo;
                    hi = lo;
                    while (hi < ssdv.getValueCount() && StringHelper.startsWith(ssdv.lookupOrd(hi), prefix)) {
                        hi++;
                    }
                }
                int n = (int) (hi - lo);
                if (n == 0) {
                    return;
                }
                if ((long) bits.cardinality() * 8 < n) {
                    countSparse(bits, ssdv, lo, hi, base, spend, spendMulti, purchases, window, maxDoc, out);
                    return;
                }
                long[] counts = new long[n];
                long[] sums = new long[n];
                long[] wsums = window == null ? null : new long[n];
                long[] wcounts = window == null ? null : new long[n];
                for (int d = bits.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS; d = next(bits, d, maxDoc)) {
                    if (!ssdv.advanceExact(d)) {
                        continue;
                    }
                    long units = spendOf(base, spend, spendMulti, d);
                    windowOf(purchases, d, window, w);
                    for (int i = 0, c = ssdv.docValueCount(); i < c; i++) {
                        long global = ssdv.nextOrd();
                        if (global < lo || global >= hi) {
                            continue;
                        }
                        int ord = (int) (global - lo);
                        counts[ord]++;
                        sums[ord] += units;
                        if (wsums != null) {
                            wsums[ord] += w[0];
                            wcounts[ord] += w[1];
                        }
                    }
                }
                for (int ord = 0; ord < n; ord++) {
                    if (counts[ord] > 0) {
                        Acc a = out.computeIfAbsent(ssdv.lookupOrd(ord + lo).utf8ToString(), k -> new Acc());
                        a.count += counts[ord];
                        a.spendUnits += sums[ord];
                        if (wsums != null) {
                            a.windowUnits += wsums[ord];
                            a.windowPurchases += wcounts[ord];
                        }
                    }
                }
            }
            case "spend", "last_purchase", "all" -> {
                Acc[] accs = rangeKeys.stream().map(out::get).toArray(Acc[]::new);
                SortedNumericDocValues lastMulti = counting.kind().equals("last_purchase")
                        ? DocValues.getSortedNumeric(reader, FacetFields.LAST_PURCHASE_DAY) : null;
                long[] edgeUnits = counting.kind().equals("spend") ? counting.buckets().edgeUnits() : null;
                for (int d = bits.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS; d = next(bits, d, maxDoc)) {
                    long units = spendOf(base, spend, spendMulti, d);
                    windowOf(purchases, d, window, w);
                    switch (counting.kind()) {
                        case "all" -> add(accs[0], units, w);
                        case "spend" -> {
                            int bucket = FilterQueries.SpendBuckets.bucket(edgeUnits, units);
                            if (bucket >= 0) {
                                add(accs[bucket], units, w);
                            }
                        }
                        default -> {
                            if (lastMulti.advanceExact(d)) {
                                int bucket = FilterQueries.lastPurchaseBucket(lastMulti.nextValue(), counting.today());
                                if (bucket == 3) {
                                    add(accs[3], units, w);
                                } else {
                                    // cumulative: within 30 days is also within 90 and 365
                                    for (int i = bucket; i <= 2; i++) {
                                        add(accs[i], units, w);
                                    }
                                }
                            } else {
                                add(accs[4], units, w);
                            }
                        }
                    }
                }
            }
            default -> throw new IllegalStateException(counting.kind());
        }
    }

    /** Counting for few matching documents and many values: per-ord accumulators in a map, not n-sized arrays. */
    private static void countSparse(FixedBitSet bits, SortedSetDocValues ssdv, long lo, long hi, long[] base,
            NumericDocValues spend,
            SortedNumericDocValues spendMulti, WindowSums purchases, Window window, int maxDoc,
            Map<String, Acc> out) throws IOException {
        Map<Long, Acc> byOrd = new HashMap<>();
        long[] w = new long[2];
        for (int d = bits.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS; d = next(bits, d, maxDoc)) {
            if (!ssdv.advanceExact(d)) {
                continue;
            }
            long units = spendOf(base, spend, spendMulti, d);
            windowOf(purchases, d, window, w);
            for (int i = 0, c = ssdv.docValueCount(); i < c; i++) {
                long ord = ssdv.nextOrd();
                if (ord >= lo && ord < hi) {
                    add(byOrd.computeIfAbsent(ord, k -> new Acc()), units, w);
                }
            }
        }
        for (Map.Entry<Long, Acc> e : byOrd.entrySet()) {
            out.computeIfAbsent(ssdv.lookupOrd(e.getKey()).utf8ToString(), k -> new Acc()).add(e.getValue());
        }
    }

    private static int next(FixedBitSet bits, int d, int maxDoc) {
        return d + 1 < maxDoc ? bits.nextSetBit(d + 1) : DocIdSetIterator.NO_MORE_DOCS;
    }

    private static void add(Acc a, long units, long[] w) {
        a.count++;
        a.spendUnits += units;
        a.windowUnits += w[0];
        a.windowPurchases += w[1];
    }

    /** Lifetime spend of a document: converted ({@code base}, with a base currency) or the indexed sum. */
    private static long spendOf(long[] base, NumericDocValues single, SortedNumericDocValues multi, int doc)
            throws IOException {
        if (base != null) {
            return base[doc];
        }
        if (single != null) {
            return single.advanceExact(doc) ? single.longValue() : 0;
        }
        return multi.advanceExact(doc) ? multi.nextValue() : 0;
    }

    private static void windowOf(WindowSums purchases, int doc, Window window, long[] out) {
        if (purchases != null) {
            out[0] = purchases.units(doc);
            out[1] = purchases.count(doc);
        } else {
            out[0] = 0;
            out[1] = 0;
        }
    }
}
