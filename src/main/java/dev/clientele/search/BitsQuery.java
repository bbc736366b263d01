package dev.clientele.search;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * Matches the documents of precomputed per-leaf bitsets (indexed by leaf ord) of one reader; only valid on the
 * searcher they were computed for. Lets the hits be sorted and paged with the filter work already done.
 */
final class BitsQuery extends Query {
    private final FixedBitSet[] leaves;

    BitsQuery(FixedBitSet[] leaves) {
        this.leaves = leaves;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext ctx) throws IOException {
                FixedBitSet bits = leaves[ctx.ord];
                if (bits == null) {
                    return null;
                }
                return new DefaultScorerSupplier(new ConstantScoreScorer(score(), scoreMode,
                        new BitSetIterator(bits, bits.approximateCardinality())));
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "bits";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
