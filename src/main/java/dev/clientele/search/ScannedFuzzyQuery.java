package dev.clientele.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.FilteredTermsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BoostAttribute;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.BytesRef;

/**
 * A {@link FuzzyQuery} that finds its terms by comparing the typed word with a segment's terms held in memory,
 * instead of intersecting the term dictionary with a Levenshtein automaton. Same terms, same similarity per term
 * (1 − edits / the shorter length, edits counted as optimal string alignment, the first {@code prefixLength}
 * characters exact), so the rewrite picks the same best terms.
 *
 * <p>Why: for a field with few distinct terms, such as names (about 22,000 distinct terms at 1M customers, at most
 * 2,000 starting with one letter), checking the distance to each term that starts with the typed word's first
 * letter takes about 0.1 ms, while building the two-edit automaton alone takes about 0.9 ms, and every misspelled
 * word needs a new one (BENCHMARKS.md, "Search-box latency"). Fields with many distinct terms (cities, streets)
 * keep the automaton ({@link CachedFuzzyQuery}).
 *
 * <p>Each segment's term list is read once, on the first fuzzy query that needs it, and kept as long as the
 * segment is open (segments never change; the list is keyed by the segment's terms object, held weakly).
 */
final class ScannedFuzzyQuery extends FuzzyQuery {
    private static final Cache<Terms, TermList> LISTS = Caffeine.newBuilder().weakKeys().build();
    /**
     * A segment with more distinct terms than this in the field is walked with Lucene's automaton instead: its list
     * would cost too much memory (about 100 bytes a term) and each scan too much time.
     */
    static final long MAX_SCANNED_TERMS = 1_000_000;

    /** Edits of any kind; a term further away is kept only when it is the typed word with letters added. */
    private final int anyEdits;

    ScannedFuzzyQuery(Term term, int maxEdits, int prefixLength, int maxExpansions, RewriteMethod rewrite) {
        this(term, maxEdits, maxEdits, prefixLength, maxExpansions, rewrite);
    }

    /**
     * A fuzzy query that keeps a term more than {@code anyEdits} edits away only when the typed word is the term with
     * letters left out ({@code Bos} for Boros), not any other term that many edits away. A segment walked with the
     * automaton (over {@link #MAX_SCANNED_TERMS} terms) keeps every term within {@code maxEdits}.
     */
    ScannedFuzzyQuery(Term term, int maxEdits, int anyEdits, int prefixLength, int maxExpansions,
                      RewriteMethod rewrite) {
        super(term, maxEdits, prefixLength, maxExpansions, true, rewrite);
        this.anyEdits = anyEdits;
    }

    /** Whether a segment's term list has been read and is held (for tests). */
    static boolean holdsList(Terms terms) {
        return LISTS.getIfPresent(terms) != null;
    }

    @Override
    protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
        String text = getTerm().text();
        if (getMaxEdits() == 0 || getPrefixLength() >= text.length() || terms.size() > MAX_SCANNED_TERMS) {
            return super.getTermsEnum(terms, atts);
        }
        TermList list = LISTS.get(terms, TermList::read);
        int[] typed = text.codePoints().toArray();
        int prefix = Math.min(getPrefixLength(), typed.length);
        int from = 0;
        int to = list.size();
        if (prefix > 0) {
            from = list.firstStartingWith(typed[0]);
            to = list.firstStartingWith(typed[0] + 1);
        }
        EditDistance distance = new EditDistance(getMaxEdits());
        long typedLetters = TermList.letters(typed);
        int maxEdits = getMaxEdits();
        List<Match> matches = new ArrayList<>();
        for (int i = from; i < to; i++) {
            // Cheap bounds first: the length, then the letters present (one edit changes at most two of them).
            if (Math.abs(list.length(i) - typed.length) > maxEdits
                    || Long.bitCount(list.letters(i) ^ typedLetters) > 2 * maxEdits) {
                continue;
            }
            int[] candidate = list.codePoints(i);
            if (!samePrefix(candidate, typed, prefix)) {
                continue;
            }
            int edits = distance.between(typed, candidate, prefix);
            if (edits > anyEdits && edits <= maxEdits && !dropped(typed, candidate)) {
                continue;
            }
            if (edits <= maxEdits) {
                float similarity = edits == 0 ? 1f : 1f - (float) edits / Math.min(candidate.length, typed.length);
                matches.add(new Match(i, similarity));
            }
        }
        return new Matches(terms.iterator(), atts, list, matches);
    }

    /** Whether {@code typed} is {@code term} with letters left out (its code points in order, none changed). */
    static boolean dropped(int[] typed, int[] term) {
        int i = 0;
        for (int j = 0; j < term.length && i < typed.length; j++) {
            if (term[j] == typed[i]) {
                i++;
            }
        }
        return i == typed.length;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((ScannedFuzzyQuery) o).anyEdits == anyEdits;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + anyEdits;
    }

    private static boolean samePrefix(int[] a, int[] b, int prefix) {
        for (int i = 0; i < prefix; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private record Match(int index, float similarity) {
    }

    /** The matched terms, in term order, each positioned in the segment's real terms enum and carrying its boost. */
    private static final class Matches extends FilteredTermsEnum {
        private final TermList list;
        private final List<Match> matches;
        private final BoostAttribute boost;
        private final AttributeSource atts;
        private int next;

        Matches(TermsEnum segment, AttributeSource atts, TermList list, List<Match> matches) {
            super(segment, false);
            this.atts = atts;
            this.list = list;
            this.matches = matches;
            this.boost = atts.addAttribute(BoostAttribute.class);
        }

        @Override
        public AttributeSource attributes() {
            return atts;
        }

        @Override
        protected AcceptStatus accept(BytesRef term) {
            throw new AssertionError("next() seeks each match directly");
        }

        @Override
        public BytesRef next() throws IOException {
            while (next < matches.size()) {
                Match m = matches.get(next++);
                BytesRef bytes = list.bytes(m.index());
                if (tenum.seekExact(bytes)) {
                    boost.setBoost(m.similarity());
                    return tenum.term();
                }
            }
            return null;
        }
    }

    /** A segment's terms of one field, in term order, as code points and as strings. */
    static final class TermList {
        private final String[] terms;
        private final int[][] codePoints;
        private final int[] first;
        private final int[] lengths;
        private final long[] letters;

        private TermList(String[] terms, int[][] codePoints) {
            this.terms = terms;
            this.codePoints = codePoints;
            this.first = new int[terms.length];
            this.lengths = new int[terms.length];
            this.letters = new long[terms.length];
            for (int i = 0; i < terms.length; i++) {
                first[i] = codePoints[i].length == 0 ? -1 : codePoints[i][0];
                lengths[i] = codePoints[i].length;
                letters[i] = letters(codePoints[i]);
            }
        }

        /**
         * The letters present, one bit each (hashed into 64 bits). An edit adds or removes at most one letter
         * and a swap none, so two words {@code d} edits apart differ in at most {@code 2d} bits.
         */
        static long letters(int[] codePoints) {
            long bits = 0;
            for (int cp : codePoints) {
                bits |= 1L << (cp * 0x9E3779B1 >>> 26);
            }
            return bits;
        }

        int length(int i) {
            return lengths[i];
        }

        long letters(int i) {
            return letters[i];
        }

        static TermList read(Terms terms) {
            try {
                List<String> out = new ArrayList<>();
                TermsEnum e = terms.iterator();
                for (BytesRef b = e.next(); b != null; b = e.next()) {
                    out.add(b.utf8ToString());
                }
                String[] strings = out.toArray(String[]::new);
                int[][] cps = new int[strings.length][];
                for (int i = 0; i < strings.length; i++) {
                    cps[i] = strings[i].codePoints().toArray();
                }
                return new TermList(strings, cps);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        int size() {
            return terms.length;
        }

        int[] codePoints(int i) {
            return codePoints[i];
        }

        BytesRef bytes(int i) {
            return new BytesRef(terms[i]);
        }

        /** The first index whose term starts with a code point ≥ {@code cp} (terms are in code point order). */
        int firstStartingWith(int cp) {
            int lo = 0;
            int hi = first.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (first[mid] < cp) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
