package dev.clientele.search;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;

/**
 * A name word's fuzzy clause with the loose tier (one edit beyond the word's typo budget, two for a three-letter
 * word; see {@link QueryBuilder}), whose edit beyond the budget is kept only as dropped letters when the word as
 * typed is frequent: a term that far is then found only when the typed word is the term with letters left out
 * ({@code Bos} for Boros, {@code Jann} for Jansen), not when letters were changed ({@code Kim} for {@code Kov}).
 *
 * <p>Why: in a query of two words each name word gets the loose tier, so a full first name such as {@code Anna}
 * walked every name two edits from it and the search followed up to 50 of them, mostly other common first names
 * with long postings (Alma, Adam, Anita…), and a typed last word such as {@code Kov} nearly every short name with
 * its first letter (Koch, Kos, Kim…). At 1M customers the two were half a typed prefix's CPU ({@code Anna Kov};
 * BENCHMARKS.md "The search box's prefix queries at 1M"). A word that is itself a name many customers have was most
 * likely typed as meant, or is being typed on; what the loose tier is for, a short word that lost letters (Eil for
 * Emil, Bos for Boros), it still finds. Dropping the loose edit altogether lost such words in the known-item
 * benchmark (Milen Bos, Sinan Jann).
 *
 * <p>Frequent: a last word of three letters when many names begin with it ({@code Kov}, being typed; its
 * completions are the prefix tier above), any other word when it is a name of many customers. Many: at least
 * {@value #MIN_DOC_FREQ} customers and 1 of every {@value #PER_CUSTOMERS} (50 at 1M), counted over the whole index
 * at rewrite time, so every segment decides alike.
 */
final class LooseUnlessFrequentQuery extends Query {
    static final int MIN_DOC_FREQ = 5;
    static final int PER_CUSTOMERS = 20_000;

    private final Term counted;
    private final Query loose;
    private final Query narrower;

    /**
     * @param counted  the term whose document frequency tells a frequent word: the typed word as a name term, or
     *                 as the start of names
     * @param loose    the fuzzy clause with the loose tier
     * @param narrower the clause for a frequent word
     */
    LooseUnlessFrequentQuery(Term counted, Query loose, Query narrower) {
        this.counted = Objects.requireNonNull(counted);
        this.loose = Objects.requireNonNull(loose);
        this.narrower = Objects.requireNonNull(narrower);
    }

    /** The term counted. */
    Term counted() {
        return counted;
    }

    /** Whether a term found in {@code docFreq} of {@code customers} customers is frequent. */
    static boolean frequent(int docFreq, int customers) {
        return docFreq >= Math.max(MIN_DOC_FREQ, customers / PER_CUSTOMERS);
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        var reader = searcher.getIndexReader();
        return frequent(reader.docFreq(counted), reader.numDocs()) ? narrower : loose;
    }

    /** Visits the loose clause (which matches all the other does): a highlighter marks what either may match. */
    @Override
    public void visit(QueryVisitor visitor) {
        loose.visit(visitor.getSubVisitor(BooleanClause.Occur.SHOULD, this));
    }

    @Override
    public String toString(String field) {
        return "looseUnlessFrequent(" + counted + ", " + loose.toString(field) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && counted.equals(((LooseUnlessFrequentQuery) o).counted)
                && loose.equals(((LooseUnlessFrequentQuery) o).loose)
                && narrower.equals(((LooseUnlessFrequentQuery) o).narrower);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), counted, loose, narrower);
    }
}
