package dev.clientele.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Reads abbreviated street words as the words they stand for, after folding, so that the abbreviated and the
 * written-out street meet whichever way each was written (the query side looks its words up through
 * {@link #expand}):
 * <ul>
 *   <li>German {@code str.} at the end of a word ({@code Hauptstr.} → {@code hauptstrasse}) or alone
 *       ({@code Max-Liebermann-Str.}), and {@code pl.} alone → {@code platz};</li>
 *   <li>Hungarian {@code u.} utca, {@code krt.} körút, {@code sgt.} sugárút, {@code ltp.} lakótelep;</li>
 *   <li>Russian {@code ул.} улица, {@code пр.} and {@code пр-т} проспект, {@code пер.} переулок, {@code д.} дом
 *       (after transliteration: {@code ul}, {@code pr}, {@code per}, {@code d}; also a Latin {@code ul.});</li>
 *   <li>English {@code St} Street and Saint (both, at one position: {@code St Mary's Rd} is found by
 *       {@code Saint Mary}, {@code St Mary} and {@code Mary Rd}, {@code 5 Main St} by {@code Main Street}; the
 *       other words tell them apart), {@code Rd} Road, {@code Ave} Avenue.</li>
 * </ul>
 * A full form is indexed as the full word would be (its folded variants: {@code körút} as {@code korut} and
 * {@code koerut}, {@code улица} as its romanisations), replacing the abbreviation. Only whole words are read so,
 * apart from German {@code -str}: a one-letter {@code u} or {@code d} in a street is the abbreviation. Not
 * thread-safe, like every TokenStream.
 */
final class StreetFilter extends TokenFilter {
    /** Abbreviation (folded) → the words it stands for, as written: the table matching reads its types from. */
    private static final Map<String, List<String>> ABBREVIATIONS = dev.clientele.text.StreetTypes.ABBREVIATIONS;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    private final Deque<String> pending = new ArrayDeque<>();
    private State state;

    StreetFilter(TokenStream in) {
        super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!pending.isEmpty()) {
            restoreState(state);
            term.setEmpty().append(pending.poll());
            posInc.setPositionIncrement(0);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        List<String> full = expand(term.toString());
        if (full.isEmpty()) {
            return true;
        }
        term.setEmpty().append(full.get(0));
        if (full.size() > 1) {
            pending.addAll(full.subList(1, full.size()));
            state = captureState();
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending.clear();
        state = null;
    }

    /**
     * The street terms a folded word stands for ({@code hauptstr}: {@code hauptstrasse}; {@code krt}: {@code korut},
     * {@code koerut}), or empty when it is no abbreviation.
     */
    static List<String> expand(String folded) {
        List<String> full = Expansions.FOLDED.get(folded);
        if (full != null) {
            return full;
        }
        return folded.length() >= 3 && folded.endsWith("str") ? List.of(folded + "asse") : List.of();
    }

    /**
     * A Russian {@code пр-т} (проспект) typed as one word is read as {@code пр.}: the tokenizer would split it at the
     * hyphen into {@code пр} and a stray {@code т}. Any other word is returned as it is.
     */
    static String word(String typed) {
        String w = typed.endsWith(".") ? typed.substring(0, typed.length() - 1) : typed;
        return w.equalsIgnoreCase("пр-т") ? "пр." : typed;
    }

    /** The full forms, folded as the street analyzer folds the written-out words (built once, on first use). */
    private static final class Expansions {
        static final Map<String, List<String>> FOLDED = build();

        private static Map<String, List<String>> build() {
            Map<String, List<String>> out = new java.util.HashMap<>();
            ABBREVIATIONS.forEach((abbreviation, words) -> {
                Set<String> terms = new LinkedHashSet<>();
                for (String w : words) {
                    terms.addAll(folded(w));
                }
                out.put(abbreviation, List.copyOf(terms));
            });
            return Map.copyOf(out);
        }

        private static List<String> folded(String word) {
            List<String> out = new ArrayList<>();
            try (TokenStream ts = Analyzers.FOLDED.tokenStream("", word)) {
                CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    out.add(t.toString());
                }
                ts.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    }
}
