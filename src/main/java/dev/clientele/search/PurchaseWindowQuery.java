package dev.clientele.search;

import dev.clientele.index.FacetFields;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Matches customers whose purchases within [fromDay, toDay] (epoch days, inclusive) sum to between minUnits and
 * maxUnits and number between minCount and maxCount. Reads the purchases' binary doc values at query time, so
 * a window relative to today is right whatever day the customer was written.
 *
 * <p>When the bounds need at least one purchase in the window, the last-purchase-day points pre-filter the
 * candidates (a customer who bought within the window has last bought on or after its first day); the check of
 * the window's sums is the second phase. The sums come from {@link WindowSums}, computed once per segment and
 * window.
 */
final class PurchaseWindowQuery extends PurchasesQuery {
    final int fromDay;
    final int toDay;
    final long minUnits;
    final long maxUnits;
    final int minCount;
    final int maxCount;
    final SpendConversion conversion;

    PurchaseWindowQuery(int fromDay, int toDay, long minUnits, long maxUnits, int minCount, int maxCount) {
        this(fromDay, toDay, minUnits, maxUnits, minCount, maxCount, SpendConversion.IDENTITY);
    }

    PurchaseWindowQuery(int fromDay, int toDay, long minUnits, long maxUnits, int minCount, int maxCount,
                        SpendConversion conversion) {
        this.conversion = Objects.requireNonNull(conversion, "conversion");
        this.fromDay = fromDay;
        this.toDay = toDay;
        this.minUnits = minUnits;
        this.maxUnits = maxUnits;
        this.minCount = minCount;
        this.maxCount = maxCount;
    }

    /** Spend in units (index 0) and number of purchases (index 1) of one encoded purchase list in the window. */
    static void sum(BytesRef purchases, int fromDay, int toDay, long[] out) {
        sum(purchases, fromDay, toDay, SpendConversion.IDENTITY, out);
    }

    /**
     * As {@link #sum(BytesRef, int, int, long[])} with each purchase converted into the base currency; a purchase
     * whose currency has no rate counts as a purchase but adds nothing to the spend.
     */
    static void sum(BytesRef purchases, int fromDay, int toDay, SpendConversion conversion, long[] out) {
        long units = 0;
        long n = 0;
        int count = FacetFields.purchaseCount(purchases);
        for (int i = 0; i < count; i++) {
            int day = FacetFields.purchaseDay(purchases, i);
            if (day >= fromDay && day <= toDay && day != FacetFields.UNDATED) {
                long base = conversion.toBase(FacetFields.purchaseUnits(purchases, i),
                        FacetFields.purchaseCurrency(purchases, i));
                if (base != SpendConversion.NOT_COUNTED) {
                    units += base;
                }
                n++;
            }
        }
        out[0] = units;
        out[1] = n;
    }

    boolean accepts(long units, long count) {
        return units >= minUnits && units <= maxUnits && count >= minCount && count <= maxCount;
    }

    private boolean needsPurchase() {
        return minCount > 0 || minUnits > 0;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight pre = needsPurchase()
                ? searcher.createWeight(searcher.rewrite(LongField.newRangeQuery(FacetFields.LAST_PURCHASE_DAY,
                        fromDay, Long.MAX_VALUE)), ScoreMode.COMPLETE_NO_SCORES, 1f)
                : null;
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext ctx) throws IOException {
                DocIdSetIterator approximation;
                if (pre != null) {
                    Scorer s = pre.scorer(ctx);
                    if (s == null) {
                        return null;
                    }
                    approximation = s.iterator();
                } else {
                    approximation = DocIdSetIterator.all(ctx.reader().maxDoc());
                }
                WindowSums sums = WindowSums.of(ctx.reader(), fromDay, toDay, conversion);
                TwoPhaseIterator tpi = new TwoPhaseIterator(approximation) {
                    @Override
                    public boolean matches() {
                        int d = approximation.docID();
                        return accepts(sums.units(d), sums.count(d));
                    }

                    @Override
                    public float matchCost() {
                        return 2;
                    }
                };
                return new DefaultScorerSupplier(new ConstantScoreScorer(score(), scoreMode, tpi));
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return cacheable(ctx);
            }
        };
    }

    @Override
    List<Object> key() {
        return List.of(fromDay, toDay, minUnits, maxUnits, minCount, maxCount, conversion);
    }

    @Override
    public String toString(String field) {
        return "purchase_window(days " + fromDay + ".." + toDay + ", units " + minUnits + ".." + maxUnits
                + ", count " + minCount + ".." + maxCount + (conversion.identity() ? "" : ", " + conversion) + ")";
    }
}
