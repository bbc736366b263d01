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
 *
 * <p>One walk can serve several tiers: given the typed text and a base per edit count, each term gets the base of
 * its own distance, so a two-edit walk also yields the one-edit tier and a second walk is saved.
 */
final class TieredFuzzyRewrite extends TopTermsRewrite<List<Query>> {
    static final float SIMILARITY_WEIGHT = 0.5f;
    static final double COMMONNESS_WEIGHT = 0.02;
    private final String text;
    private final float[] baseByEdits;

    TieredFuzzyRewrite(int size, float base) {
        this(size, null, base);
    }

    /** @param baseByEdits the base for a term 0, 1, 2 edits from {@code text}; the last one for further edits */
    TieredFuzzyRewrite(int size, String text, float... baseByEdits) {
        super(size);
        this.text = text;
        this.baseByEdits = baseByEdits.clone();
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
        int last = baseByEdits.length - 1;
        float base = text == null || last == 0 ? baseByEdits[0]
                : baseByEdits[Math.min(last, EditDistance.osa(text, term.text(), last))];
        clauses.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(term, states)),
                base + SIMILARITY_WEIGHT * similarity + commonness(docCount)));
    }

    /**
     * A little for a spelling many customers have: of two equally close spellings, the more common one is the more
     * likely meant (as spelling correctors rank, and as Lucene's blended fuzzy rewrite does). At most
     * {@value #COMMONNESS_WEIGHT} for a term in a million customers, so it orders ties and near-ties between
     * spellings and never a closer spelling below a farther one by more than that.
     */
    static float commonness(int docCount) {
        return (float) (COMMONNESS_WEIGHT * Math.log1p(docCount) / Math.log1p(1_000_000));
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(((TieredFuzzyRewrite) o).text, text)
                && java.util.Arrays.equals(((TieredFuzzyRewrite) o).baseByEdits, baseByEdits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), text, java.util.Arrays.hashCode(baseByEdits));
    }
}
