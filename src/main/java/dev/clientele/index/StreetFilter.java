package dev.clientele.index;

import dev.clientele.text.StreetTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Reads abbreviated street words as the words they stand for ({@link StreetTypes#fullForms}), before folding and
 * transliteration, so that an abbreviation is read in its own script (Latin {@code pl.} Platz, Place and площадь;
 * Cyrillic {@code пл.} площадь only) and the abbreviated and the written-out street meet whichever way each was
 * written (the query side looks its words up through {@link #expand}):
 * <ul>
 *   <li>German {@code str.} at the end of a word ({@code Hauptstr.} → {@code Hauptstrasse}) or alone
 *       ({@code Max-Liebermann-Str.}), and {@code pl.} (Platz, Place, площадь);</li>
 *   <li>Hungarian {@code u.} utca, {@code krt.} körút, {@code sgt.} sugárút, {@code ltp.} lakótelep;</li>
 *   <li>Russian {@code ул.} улица, {@code пр.} проспект, {@code пер.} переулок, {@code пл.} площадь, {@code ш.}
 *       шоссе, {@code наб.} набережная, {@code туп.} тупик, {@code мкр.} микрорайон, {@code д.} дом, {@code корп.}
 *       корпус ({@code к.} only before a number: {@code д. 5, к. 2}), {@code стр.} строение, {@code кв.}
 *       квартира, and romanised ({@code ul.}, {@code pr.}, {@code per.}, {@code sh.}, {@code kv.} …); the hyphenated
 *       {@code б-р}, {@code пр-т}, {@code пр-д}, {@code мкр-н} are written out before tokenizing
 *       ({@link StreetCharFilter});</li>
 *   <li>English {@code St} Saint where it leads the street before a name ({@code 4 St Mary's Rd} is found by
 *       {@code Saint Mary}, {@code St Mary} and {@code Mary Rd}, not by {@code Mary Street}), elsewhere Street and
 *       Saint (both, at one position: {@code 5 Main St} is found by {@code Main Street}; the other words tell
 *       them apart); {@code Sankt}, {@code Szent} and {@code Szt.} Saint and themselves (not before
 *       {@code Peterburg…}, the city romanised), {@code Rd} Road, {@code Ave} and {@code Av} Avenue, {@code Blvd},
 *       {@code Sq}, {@code Ln}, {@code Ct}, {@code Cres}, {@code Cct}, {@code Pde}, {@code Tce}, {@code Hwy}.</li>
 * </ul>
 * The full form replaces the abbreviation, and the filters after this one fold it as the full word would be (its
 * variants: {@code körút} as {@code korut} and {@code koerut}, {@code площадь} as its romanisations). Only whole
 * words are read so, apart from German {@code -str}: a one-letter {@code u} or {@code d} in a street is the
 * abbreviation. Not thread-safe, like every TokenStream.
 */
final class StreetFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    private final Deque<String> pending = new ArrayDeque<>();
    private State state;
    /** The token read ahead of one that stands for a word only before a number ({@code к}), not yet returned. */
    private State ahead;
    /** Whether the input ended while reading ahead (it is not asked again). */
    private boolean ended;
    /** Whether no word but house numbers came yet: a leading {@code St} before a name is Saint. */
    private boolean leading = true;

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
        if (ahead != null) {
            restoreState(ahead);
            ahead = null;
        } else if (ended || !input.incrementToken()) {
            return false;
        }
        String word = term.toString();
        String next = null;
        if (StreetTypes.needsNext(word)) {
            State self = captureState();
            if (input.incrementToken()) {
                next = term.toString();
                ahead = captureState();
            } else {
                ended = true;
            }
            restoreState(self);
        }
        List<String> full = StreetTypes.fullForms(word, next, leading);
        leading &= !word.isEmpty() && Character.isDigit(word.charAt(0));
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
        ahead = null;
        ended = false;
        leading = true;
    }

    /**
     * The street terms a typed word stands for, folded as the street field indexes them ({@code Hauptstr}:
     * {@code hauptstrasse}; {@code krt}: {@code korut}, {@code koerut}; {@code пл}: {@code ploshchad} …), or empty
     * when it is no abbreviation. {@code word} is one token as typed (not folded), {@code next} the word typed after
     * it or null. A typed {@code St} stays Street and Saint: a query does not say where a street begins; a typed
     * {@code str} is Straße and строение (a romanised Russian line's building).
     */
    static List<String> expand(String word, String next) {
        List<String> full = StreetTypes.fullForms(word, next);
        if (StreetTypes.isRomanisedStr(word)) {
            // A typed str may be a romanised line's building, indexed as строение (StreetCharFilter).
            full = java.util.stream.Stream.concat(full.stream(), java.util.stream.Stream.of(StreetTypes.BUILDING))
                    .toList();
        }
        if (full.isEmpty()) {
            return List.of();
        }
        Set<String> terms = new LinkedHashSet<>();
        for (String w : full) {
            terms.addAll(folded(w));
        }
        return List.copyOf(terms);
    }

    /** A written-out word folded as the street analyzer folds it after this filter (its variants). */
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
