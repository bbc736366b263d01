package dev.clientele.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopTermsRewrite;

/**
 * Rewrites a fuzzy query into its best {@code size} terms, each scoring {@code base + 0.5 · similarity}, where
 * similarity is what the fuzzy terms enum reports (1 − edits / shorter length). So within one tier and field
 * weight, the closer spelling wins a tie ({@code Fabio} over {@code Fabo} for {@code Faboi}), while the
 * addition stays below 1 and never crosses a field weight or tier (see {@link QueryBuilder}).
 */
final class TieredFuzzyRewrite extends TopTermsRewrite<List<Query>> {
    static final float SIMILARITY_WEIGHT = 0.5f;
    private final float base;

    TieredFuzzyRewrite(int size, float base) {
        super(size);
        this.base = base;
    }

    @Override
    protected int getMaxSize() {
        return Integer.MAX_VALUE;
    }

    @Override
    protected List<Query> getTopLevelBuilder() {
        return new ArrayList<>();
    }

    @Override
    protected Query build(List<Query> clauses) {
        return clauses.isEmpty() ? new MatchNoDocsQuery("no fuzzy terms") : new DisjunctionMaxQuery(clauses, 0f);
    }

    @Override
    protected void addClause(List<Query> clauses, Term term, int docCount, float boost, TermStates states) {
        float similarity = Math.max(0f, Math.min(1f, boost));
        clauses.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(term, states)),
                base + SIMILARITY_WEIGHT * similarity));
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((TieredFuzzyRewrite) o).base == base;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), base);
    }
}
