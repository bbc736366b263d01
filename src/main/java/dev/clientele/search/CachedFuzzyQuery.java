package dev.clientele.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import org.apache.lucene.index.BaseTermsEnum;
import org.apache.lucene.index.ImpactsEnum;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BoostAttribute;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MaxNonCompetitiveBoostAttribute;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.IOBooleanSupplier;
import org.apache.lucene.util.UnicodeUtil;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * A {@link FuzzyQuery} whose Levenshtein automata come from a process-wide cache instead of being built for every
 * query. Same matches, same per-term similarity, same narrowing of the walk as the best terms fill up.
 *
 * <p>Why: a profile of the search box at 1M customers (BENCHMARKS.md) showed building the automata was 30 % of
 * the CPU and 38 % of the bytes allocated per search: every word of a query has three fuzzy clauses (name, company,
 * city), each built its automata for every distance up to its maximum, and the same words are typed again and again
 * (first names, common surnames, cities). The automaton for a word and a distance depends on nothing else, so one
 * built copy serves every field and every later query with that word. The exact-match check needs no automaton.
 *
 * <p>The cache holds at most {@value #CACHE_BYTES} bytes of automata (weighed by their RAM use), least recently used
 * out first; automata are immutable and safe to share between threads.
 */
final class CachedFuzzyQuery extends FuzzyQuery {
    static final long CACHE_BYTES = 32L * 1024 * 1024;

    private record Key(String text, int edits, int prefixLength, boolean transpositions) {
    }

    private static final Cache<Key, CompiledAutomaton> AUTOMATA = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((Key k, CompiledAutomaton a) -> (int) Math.min(Integer.MAX_VALUE, a.ramBytesUsed()))
            .build();

    CachedFuzzyQuery(Term term, int maxEdits, int prefixLength, int maxExpansions, RewriteMethod rewrite) {
        super(term, maxEdits, prefixLength, maxExpansions, true, rewrite);
    }

    /** The automaton accepting every term within {@code edits} of {@code text} (built once, then shared). */
    static CompiledAutomaton automaton(String text, int edits, int prefixLength, boolean transpositions) {
        return AUTOMATA.get(new Key(text, edits, prefixLength, transpositions),
                k -> FuzzyQuery.getFuzzyAutomaton(k.text(), k.edits(), k.prefixLength(), k.transpositions()));
    }

    /** Automata held in the cache now (for tests). */
    static long cachedAutomata() {
        return AUTOMATA.estimatedSize();
    }

    @Override
    protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
        if (getMaxEdits() == 0 || getPrefixLength() >= getTerm().text().length()) {
            return super.getTermsEnum(terms, atts);
        }
        CompiledAutomaton[] byEdits = new CompiledAutomaton[getMaxEdits() + 1];
        for (int e = 1; e <= getMaxEdits(); e++) {
            byEdits[e] = automaton(getTerm().text(), e, getPrefixLength(), getTranspositions());
        }
        return new Walk(terms, atts, getTerm(), byEdits);
    }

    /**
     * The terms within the edit budget, each with its similarity (1 − edits / the shorter length) as its boost.
     * When the rewrite's queue of best terms is full and its worst term is closer than the current budget allows,
     * the walk continues with the automaton of the smaller budget from where it is.
     */
    private static final class Walk extends BaseTermsEnum {
        private final Terms terms;
        private final AttributeSource atts;
        private final BoostAttribute boost;
        private final MaxNonCompetitiveBoostAttribute competitive;
        private final BytesRef typed;
        private final int typedLength;
        private final CompiledAutomaton[] byEdits;
        private int budget;
        private TermsEnum current;
        private float seenBottom;
        private BytesRef seenBottomTerm;
        private BytesRef narrowAfter;

        Walk(Terms terms, AttributeSource atts, Term term, CompiledAutomaton[] byEdits) throws IOException {
            this.terms = terms;
            this.atts = atts;
            this.typed = term.bytes();
            this.typedLength = term.text().codePointCount(0, term.text().length());
            this.byEdits = byEdits;
            this.budget = byEdits.length - 1;
            this.competitive = atts.addAttribute(MaxNonCompetitiveBoostAttribute.class);
            this.boost = atts.addAttribute(BoostAttribute.class);
            this.seenBottom = competitive.getMaxNonCompetitiveBoost();
            this.seenBottomTerm = competitive.getCompetitiveTerm();
            narrow(null);
        }

        /** Lowers the budget while even its best similarity could not enter the queue, and (re)starts the walk. */
        private void narrow(BytesRef last) throws IOException {
            int before = budget;
            boolean pastBottom = seenBottomTerm == null || (last != null && last.compareTo(seenBottomTerm) >= 0);
            while (budget > 0) {
                float best = 1f - (float) budget / typedLength;
                if (seenBottom < best || (seenBottom == best && !pastBottom)) {
                    break;
                }
                budget--;
            }
            if (last == null || budget != before) {
                current = budget == 0 ? exactOnly(last) : terms.intersect(byEdits[budget],
                        last == null ? null : byEdits[budget].floor(last, new BytesRefBuilder()));
            }
        }

        /** Budget zero: only the typed term itself can still compete. */
        private TermsEnum exactOnly(BytesRef last) throws IOException {
            TermsEnum all = terms.iterator();
            boolean found = (last == null || typed.compareTo(last) > 0) && all.seekExact(typed);
            return new SingleTerm(all, found);
        }

        @Override
        public BytesRef next() throws IOException {
            if (narrowAfter != null) {
                narrow(narrowAfter);
                narrowAfter = null;
            }
            BytesRef term = current.next();
            if (term == null) {
                return null;
            }
            int edits = budget;
            while (edits > 0 && within(term, edits - 1)) {
                edits--;
            }
            if (edits == 0) {
                boost.setBoost(1f);
            } else {
                int shorter = Math.min(UnicodeUtil.codePointCount(term), typedLength);
                boost.setBoost(1f - (float) edits / shorter);
            }
            float bottom = competitive.getMaxNonCompetitiveBoost();
            BytesRef bottomTerm = competitive.getCompetitiveTerm();
            if (bottom != seenBottom || bottomTerm != seenBottomTerm) {
                seenBottom = bottom;
                seenBottomTerm = bottomTerm;
                // Switching enums now would break docFreq() and postings() of the term being returned.
                narrowAfter = BytesRef.deepCopyOf(term);
            }
            return term;
        }

        private boolean within(BytesRef term, int edits) {
            return edits == 0 ? term.bytesEquals(typed)
                    : byEdits[edits].runAutomaton.run(term.bytes, term.offset, term.length);
        }

        @Override
        public AttributeSource attributes() {
            return atts;
        }

        @Override
        public BytesRef term() throws IOException {
            return current.term();
        }

        @Override
        public int docFreq() throws IOException {
            return current.docFreq();
        }

        @Override
        public long totalTermFreq() throws IOException {
            return current.totalTermFreq();
        }

        @Override
        public PostingsEnum postings(PostingsEnum reuse, int flags) throws IOException {
            return current.postings(reuse, flags);
        }

        @Override
        public ImpactsEnum impacts(int flags) throws IOException {
            return current.impacts(flags);
        }

        @Override
        public TermState termState() throws IOException {
            return current.termState();
        }

        @Override
        public void seekExact(BytesRef term, TermState state) throws IOException {
            current.seekExact(term, state);
        }

        @Override
        public long ord() throws IOException {
            return current.ord();
        }

        @Override
        public boolean seekExact(BytesRef text) throws IOException {
            return current.seekExact(text);
        }

        @Override
        public IOBooleanSupplier prepareSeekExact(BytesRef text) throws IOException {
            return current.prepareSeekExact(text);
        }

        @Override
        public SeekStatus seekCeil(BytesRef text) throws IOException {
            return current.seekCeil(text);
        }

        @Override
        public void seekExact(long ord) throws IOException {
            current.seekExact(ord);
        }
    }

    /** An enum over at most one term, already positioned by a seek. */
    private static final class SingleTerm extends org.apache.lucene.index.FilterLeafReader.FilterTermsEnum {
        private boolean pending;

        SingleTerm(TermsEnum positioned, boolean found) {
            super(positioned);
            this.pending = found;
        }

        @Override
        public BytesRef next() throws IOException {
            if (!pending) {
                return null;
            }
            pending = false;
            return in.term();
        }
    }
}
