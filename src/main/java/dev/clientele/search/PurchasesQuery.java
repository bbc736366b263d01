package dev.clientele.search;

import dev.clientele.index.FacetFields;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;

/**
 * What the queries that read the purchases' doc values ({@link BaseSpendQuery}, {@link PurchaseWindowQuery}) share
 * of Lucene's query contract: equality by their parameters ({@link #key}; the query cache compares queries), the
 * field they name to a visitor, and when a segment's matches may be cached.
 */
abstract class PurchasesQuery extends Query {
    /** The parameters that decide what the query matches, in a fixed order. */
    abstract List<Object> key();

    /** Whether a segment's matches may be cached: as long as its purchases' doc values are not updated. */
    static boolean cacheable(LeafReaderContext ctx) {
        return DocValues.isCacheable(ctx, FacetFields.PURCHASES);
    }

    @Override
    public final void visit(QueryVisitor visitor) {
        if (visitor.acceptField(FacetFields.PURCHASES)) {
            visitor.visitLeaf(this);
        }
    }

    @Override
    public final boolean equals(Object o) {
        return sameClassAs(o) && key().equals(((PurchasesQuery) o).key());
    }

    @Override
    public final int hashCode() {
        return classHash() * 31 + key().hashCode();
    }
}
