package dev.clientele.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clientele.index.FacetFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;

/**
 * The lifetime spend in the base currency of every document of a segment, in units of 0.0001: the sum of its
 * purchases each converted by a {@link SpendConversion} (purchases whose currency has no rate are not counted).
 * Used instead of {@link FacetFields#SPEND_UNITS} (the unconverted sum) when a base currency is configured, by the
 * spend filters, buckets, sums and sort.
 *
 * <h2>Design notes</h2>
 * <p>Why not index the converted spend: the rates are config, and a changed rate would leave every indexed figure
 * wrong until the whole index was rewritten (points cannot be updated in place). Converting when reading costs one
 * decode of each document's purchases per segment and rates, which is cached by the segment's core key like
 * {@link WindowSums}: segments never change, a refresh computes only new ones, and a restart with other rates simply
 * computes them anew. Memory: 8 bytes per document.
 *
 * <p>Thread-safe.
 */
final class LifetimeSpend {
    private static final long MAX_BYTES = 128L << 20;

    private static final Cache<Key, long[]> CACHE = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Key k, long[] a) -> 64 + a.length * 8)
            .build();

    private record Key(Object coreKey, SpendConversion conversion) {
    }

    private LifetimeSpend() {
    }

    /** Spend in base units of every document of {@code reader} (0 for none), indexed by doc id. */
    static long[] of(LeafReader reader, SpendConversion conversion) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return compute(reader, conversion);
        }
        try {
            return CACHE.get(new Key(helper.getKey(), conversion), k -> {
                try {
                    long[] units = compute(reader, conversion);
                    helper.addClosedListener(closed -> CACHE.asMap().keySet().removeIf(x -> x.coreKey() == closed));
                    return units;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long[] compute(LeafReader reader, SpendConversion conversion) throws IOException {
        long[] units = new long[reader.maxDoc()];
        BinaryDocValues purchases = DocValues.getBinary(reader, FacetFields.PURCHASES);
        for (int d = purchases.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = purchases.nextDoc()) {
            units[d] = sum(purchases.binaryValue(), conversion);
        }
        return units;
    }

    /** The converted sum of every purchase of one encoded list. */
    static long sum(BytesRef purchases, SpendConversion conversion) {
        long total = 0;
        for (int i = 0, n = FacetFields.purchaseCount(purchases); i < n; i++) {
            long base = conversion.toBase(FacetFields.purchaseUnits(purchases, i),
                    FacetFields.purchaseCurrency(purchases, i));
            if (base != SpendConversion.NOT_COUNTED) {
                total += base;
            }
        }
        return total;
    }
}
