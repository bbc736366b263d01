package dev.clientele.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clientele.index.FacetFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * Spend and number of purchases of every document of a segment within one purchase window, computed once per
 * segment and window and then read as arrays.
 *
 * <h2>Design notes</h2>
 * <p>A window filter ("spent ≥ 500 in the last 90 days") and the window sums shown beside facet counts read the
 * purchases' binary doc values and decode every purchase of every matching customer. Done per request that is the
 * bulk of a window query's cost (at 1M customers a whole-country filter decodes ~100k purchase lists, three times:
 * for the filter, the totals and each facet). The sums of one window only depend on the segment's documents, which
 * never change (no doc values updates are used), so they are cached by the segment's core key: a refresh re-uses
 * every unchanged segment's arrays and computes only new segments. Relative windows ("30d") resolve to the same
 * days all day, so one entry per segment and window serves every request of the day.
 *
 * <p>Memory: 12 bytes per document per cached window (a {@code long} and an {@code int}), bounded by weight;
 * entries of closed segments are dropped when the segment closes.
 *
 * <p>Thread-safe.
 */
final class WindowSums {
    /** Cache bound: about 8M document-windows, e.g. one window over 8M documents or eight over 1M. */
    private static final long MAX_BYTES = 96L << 20;

    private static final Cache<Key, WindowSums> CACHE = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Key k, WindowSums s) -> 64 + s.units.length * 12)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    private record Key(Object coreKey, int fromDay, int toDay, SpendConversion conversion) {
    }

    private final long[] units;
    private final int[] counts;

    private WindowSums(long[] units, int[] counts) {
        this.units = units;
        this.counts = counts;
    }

    /** The sums of {@code reader}'s documents in [fromDay, toDay] (epoch days, inclusive). */
    static WindowSums of(LeafReader reader, int fromDay, int toDay) throws IOException {
        return of(reader, fromDay, toDay, SpendConversion.IDENTITY);
    }

    /** The sums of {@code reader}'s documents in [fromDay, toDay], spend converted into the base currency. */
    static WindowSums of(LeafReader reader, int fromDay, int toDay, SpendConversion conversion) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return compute(reader, fromDay, toDay, conversion);
        }
        Key key = new Key(helper.getKey(), fromDay, toDay, conversion);
        try {
            return CACHE.get(key, k -> {
                try {
                    WindowSums s = compute(reader, fromDay, toDay, conversion);
                    helper.addClosedListener(closed -> CACHE.asMap().keySet().removeIf(x -> x.coreKey() == closed));
                    return s;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static WindowSums compute(LeafReader reader, int fromDay, int toDay, SpendConversion conversion)
            throws IOException {
        int maxDoc = reader.maxDoc();
        long[] units = new long[maxDoc];
        int[] counts = new int[maxDoc];
        BinaryDocValues purchases = DocValues.getBinary(reader, FacetFields.PURCHASES);
        long[] acc = new long[2];
        for (int d = purchases.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = purchases.nextDoc()) {
            PurchaseWindowQuery.sum(purchases.binaryValue(), fromDay, toDay, conversion, acc);
            units[d] = acc[0];
            counts[d] = (int) acc[1];
        }
        return new WindowSums(units, counts);
    }

    /** Spend in units of {@code doc}'s purchases in the window (0 when none). */
    long units(int doc) {
        return units[doc];
    }

    /** Number of {@code doc}'s purchases in the window. */
    int count(int doc) {
        return counts[doc];
    }

    /** Cached segment-windows (for tests). */
    static long cachedEntries() {
        CACHE.cleanUp();
        return CACHE.estimatedSize();
    }
}
