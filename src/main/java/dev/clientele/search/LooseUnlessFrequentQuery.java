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
 * word; see {@link QueryBuilder}), which becomes the same clause with one edit less when the word as typed is a
 * frequent name: a four- to seven-letter name keeps its budget's one edit, a three-letter one one loose edit.
 *
 * <p>Why: in a query of two words each name word gets the loose tier, so a full first name such as {@code Anna}
 * walked every name two edits from it and the search followed up to 50 of them, mostly other common first names
 * with long postings (Alma, Adam, Anita…). At 1M customers that was about a third of a typed prefix's CPU
 * ({@code Anna Kov}; BENCHMARKS.md "The search box's prefix queries at 1M"). A word that is itself a name many
 * customers have was most likely typed as meant; the loose tier is for words that two typos or a dropped letter
 * made (Eil for Emil, Flg for Figl), which are rarely such a name, and a single typo that lands on another name is
 * still found.
 *
 * <p>The last word of three letters ({@code Anna Kov}) is counted as the start of names: typed on, it has two
 * loose edits, which reach nearly every short name with its first letter (Koch, Kos, Kim, Kurt…), while its
 * completions are the prefix tier above them. Counted so only at three letters: a longer last word such as
 * {@code Jann} is as often a name with a dropped letter (Jansen; the known-item benchmark lost it when four- to
 * seven-letter last words were counted as starts too), so it is counted as a whole name like the others.
 *
 * <p>Frequent: in at least {@value #MIN_DOC_FREQ} customers and in 1 of every {@value #PER_CUSTOMERS} (50 at 1M),
 * counted over the whole index at rewrite time, so every segment decides alike.
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
     * @param narrower the clause with one edit less
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
