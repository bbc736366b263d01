package dev.clientele.index;

import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Emits the spelling variants of a token at the same position, so that the same person is found however their
 * name is typed. Runs before {@link FoldingFilter} (ICU folding), which lower-cases and strips accents afterwards.
 *
 * <ul>
 *   <li><b>German umlaut expansion:</b> {@code Müller} also yields {@code Mueller} (ä→ae, ö→oe, ü→ue); folding
 *       turns the original into {@code muller}, so {@code Muller}, {@code Mueller} and {@code Müller} all meet.
 *       ß needs nothing here: ICU folding already maps it to {@code ss}.</li>
 *   <li><b>Transliteration:</b> a token with non-Latin letters is replaced by its {@code Any-Latin; Latin-ASCII}
 *       form ({@code Иванов} → {@code Ivanov}), and Cyrillic also gets the BGN/PCGN romanisation most people type
 *       ({@code Щербаков} → {@code Shcherbakov}, {@code Сергей} → {@code Sergey}). Index and query run the same
 *       filter, so Cyrillic and Latin meet in Latin in both directions.</li>
 * </ul>
 * Tokens that are plain ASCII pass through untouched (the common case, and cheap). Not thread-safe, like every
 * TokenStream; the Analyzer reuses one per thread.
 */
final class NameVariantsFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    private final Deque<String> pending = new ArrayDeque<>();
    /*
     * Token → transliteration, shared by all filters: names repeat a lot, and ICU's rule-based transliteration is
     * the costliest part of analysing a customer. The loaders use this filter's own Transliterator instances, so
     * no instance is shared between threads.
     */
    private static final com.github.benmanes.caffeine.cache.Cache<String, String> ANY_LATIN =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();
    private static final com.github.benmanes.caffeine.cache.Cache<String, String> BGN =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();

    private Transliterator anyLatin;
    private Transliterator russianBgn;

    NameVariantsFilter(TokenStream in) {
        super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!pending.isEmpty()) {
            term.setEmpty().append(pending.poll());
            posInc.setPositionIncrement(0);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        String t = term.toString();
        if (isAscii(t)) {
            return true;
        }
        Set<String> variants = variants(t);
        var it = variants.iterator();
        term.setEmpty().append(it.next());
        while (it.hasNext()) {
            pending.add(it.next());
        }
        return true;
    }

    private Set<String> variants(String t) {
        Set<String> out = new LinkedHashSet<>();
        boolean latinOnly = true;
        boolean cyrillic = false;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                Character.UnicodeScript s = Character.UnicodeScript.of(cp);
                if (s != Character.UnicodeScript.LATIN) {
                    latinOnly = false;
                }
                if (s == Character.UnicodeScript.CYRILLIC) {
                    cyrillic = true;
                }
            }
        }
        if (latinOnly) {
            out.add(t);
            String german = germanExpansion(t);
            if (german != null) {
                out.add(german);
            }
            return out;
        }
        out.add(ANY_LATIN.get(t, x -> {
            if (anyLatin == null) {
                anyLatin = Transliterator.getInstance("Any-Latin; Latin-ASCII");
            }
            return anyLatin.transliterate(x);
        }));
        if (cyrillic) {
            out.add(BGN.get(t, x -> {
                if (russianBgn == null) {
                    russianBgn = Transliterator.getInstance("Russian-Latin/BGN; Latin-ASCII");
                }
                return russianBgn.transliterate(x);
            }));
        }
        return out;
    }

    /** {@code Müller} → {@code Mueller}, or null when there is no umlaut. */
    static String germanExpansion(String t) {
        StringBuilder sb = null;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            String rep = switch (c) {
                case 'ä' -> "ae";
                case 'ö' -> "oe";
                case 'ü' -> "ue";
                case 'Ä' -> "Ae";
                case 'Ö' -> "Oe";
                case 'Ü' -> "Ue";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(t.length() + 2).append(t, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? null : sb.toString();
    }

    private static boolean isAscii(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending.clear();
    }
}
