package dev.clientele.search;

import dev.clientele.index.FacetFields;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LongValues;
import org.apache.lucene.search.LongValuesSource;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Matches customers whose lifetime spend in the base currency ({@link LifetimeSpend}) is within [minUnits,
 * maxUnits]: the spend range and spend bucket filters when a base currency is configured. Reads the segment's
 * cached array, so a whole-index check is one pass over longs.
 */
final class BaseSpendQuery extends PurchasesQuery {
    final SpendConversion conversion;
    final long minUnits;
    final long maxUnits;

    BaseSpendQuery(SpendConversion conversion, long minUnits, long maxUnits) {
        this.conversion = Objects.requireNonNull(conversion);
        this.minUnits = minUnits;
        this.maxUnits = maxUnits;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext ctx) throws IOException {
                long[] spend = LifetimeSpend.of(ctx.reader(), conversion);
                DocIdSetIterator all = DocIdSetIterator.all(ctx.reader().maxDoc());
                TwoPhaseIterator tpi = new TwoPhaseIterator(all) {
                    @Override
                    public boolean matches() {
                        long v = spend[all.docID()];
                        return v >= minUnits && v <= maxUnits;
                    }

                    @Override
                    public float matchCost() {
                        return 1;
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
        return List.of(conversion, minUnits, maxUnits);
    }

    @Override
    public String toString(String field) {
        return "base_spend(" + conversion + ", units " + minUnits + ".." + maxUnits + ")";
    }

    /** Sorting by lifetime spend in the base currency. */
    static SortField sortField(SpendConversion conversion, boolean descending) {
        return new Values(conversion).getSortField(descending);
    }

    /** The base-currency lifetime spend as values per document (for sorting). */
    private static final class Values extends LongValuesSource {
        private final SpendConversion conversion;

        Values(SpendConversion conversion) {
            this.conversion = conversion;
        }

        @Override
        public LongValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
            long[] spend = LifetimeSpend.of(ctx.reader(), conversion);
            return new LongValues() {
                private int doc = -1;

                @Override
                public long longValue() {
                    return spend[doc];
                }

                @Override
                public boolean advanceExact(int target) {
                    doc = target;
                    return true;
                }
            };
        }

        @Override
        public boolean needsScores() {
            return false;
        }

        @Override
        public LongValuesSource rewrite(IndexSearcher searcher) {
            return this;
        }

        @Override
        public boolean isCacheable(LeafReaderContext ctx) {
            return cacheable(ctx);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Values v && v.conversion.equals(conversion);
        }

        @Override
        public int hashCode() {
            return conversion.hashCode();
        }

        @Override
        public String toString() {
            return "base_spend(" + conversion + ")";
        }
    }
}
