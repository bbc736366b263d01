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
 *       ({@code Щербаков} → {@code Shcherbakov}, {@code Сергей} → {@code Sergey}) and its popular variant
 *       ({@link #popularSpelling}: {@code Pyotr}, {@code Alexey}, {@code Yulia}) and the German romanisation
 *       ({@link #germanSpelling}: {@code Iwanow}, {@code Schukow}, {@code Tschaikowski}). Index and query run the same
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
    private static final com.github.benmanes.caffeine.cache.Cache<String, String> POPULAR =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();

    private Transliterator anyLatin;
    private Transliterator russianBgn;

    private final boolean parts;

    /**
     * @param parts whether a name joined by apostrophes or dots also yields its parts ({@code O'Brien}: {@code O},
     *              {@code Brien}); for indexing only: in a query the part {@code O} would match every O'Anything
     */
    NameVariantsFilter(TokenStream in, boolean parts) {
        super(in);
        this.parts = parts;
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
        char[] chars = term.buffer();
        int length = term.length();
        if (isAsciiWithoutJoiners(chars, length)) {
            return true;
        }
        Set<String> variants = variants(term.toString());
        if (variants.size() == 1 && variants.iterator().next().contentEquals(term)) {
            return true;
        }
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
            joinedAndParts(t, out);
            return out;
        }
        String anyLatinForm = withoutSignMarks(ANY_LATIN.get(t, x -> {
            if (anyLatin == null) {
                anyLatin = Transliterator.getInstance("Any-Latin; Latin-ASCII");
            }
            return anyLatin.transliterate(x);
        }));
        if (cyrillic) {
            // BGN first: a query's first form is the one its typos are matched on (QueryBuilder), and BGN keeps the
            // letters people type where Any-Latin loses them once the sign marks are gone (Илья: BGN ilya,
            // Any-Latin il'a → ila; a typed Иья must reach ilya, not ia, which is too short for any typo).
            out.add(withoutSignMarks(BGN.get(t, x -> russianBgn().transliterate(x))));
            out.add(anyLatinForm);
            out.add(withoutSignMarks(POPULAR.get(t, x -> russianBgn().transliterate(popularSpelling(x)))));
            out.add(germanSpelling(t));
        } else {
            out.add(anyLatinForm);
        }
        if (out.size() > 1) {
            // The forms differ in case only where the popular spelling (lower case) equals another: one term each.
            Set<String> lower = new LinkedHashSet<>();
            for (String v : out) {
                lower.add(v.toLowerCase(java.util.Locale.ROOT));
            }
            out = lower;
        }
        out.remove("");
        if (out.isEmpty()) {
            out.add(t);
        }
        return out;
    }

    /** This filter's BGN/PCGN transliterator, made on first use (building one is slow, and a filter is per thread). */
    private Transliterator russianBgn() {
        if (russianBgn == null) {
            russianBgn = Transliterator.getInstance("Russian-Latin/BGN; Latin-ASCII");
        }
        return russianBgn;
    }

    /**
     * The spelling of passports, newspapers and e-mail addresses where it differs from BGN, as Cyrillic to be
     * romanised by BGN: ё as yo ({@code Пётр} → {@code Pyotr}, BGN {@code Petr}), кс inside a word as x
     * ({@code Алексей} → {@code Alexey}), final ия and ья as ia ({@code Юлия} → {@code Yulia}, {@code Наталья} →
     * {@code Natalia}). Two edits from the BGN form in a short name, which the typo budget does not reach.
     */
    static String popularSpelling(String cyrillic) {
        String s = cyrillic.toLowerCase(java.util.Locale.ROOT).replace("ё", "йо");
        if (s.length() > 2) {
            s = s.charAt(0) + s.substring(1).replace("кс", "x");
        }
        if (s.endsWith("ия") || s.endsWith("ья")) {
            s = s.substring(0, s.length() - 2) + "иa";
        }
        return s;
    }

    private static final String RUSSIAN_VOWELS = "аеёиоуыэюя";

    /**
     * The German romanisation of a Russian name, as German papers, registers and customers write it (Duden):
     * {@code Иванов} → {@code iwanow}, {@code Жуков} → {@code schukow}, {@code Щукин} → {@code schtschukin},
     * {@code Чайковский} → {@code tschaikowski}, {@code Евгений} → {@code jewgeni}, {@code Наталья} →
     * {@code natalja}, {@code Алексей} → {@code alexej}. Several letters differ from BGN at once (в w, ж sch, ч tsch,
     * ш sch, щ schtsch, х ch, ц z, з s, й j), far beyond any typo budget. Lower case; letters of other alphabets
     * pass through.
     */
    static String germanSpelling(String cyrillic) {
        String s = cyrillic.toLowerCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char prev = i > 0 ? s.charAt(i - 1) : ' ';
            char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
            boolean afterVowel = RUSSIAN_VOWELS.indexOf(prev) >= 0;
            boolean start = !Character.isLetter(prev);
            switch (c) {
                case 'а' -> sb.append('a');
                case 'б' -> sb.append('b');
                case 'в' -> sb.append('w');
                case 'г' -> sb.append('g');
                case 'д' -> sb.append('d');
                case 'е' -> sb.append(start || afterVowel || prev == 'ь' || prev == 'ъ' ? "je" : "e");
                case 'ё' -> sb.append("жчшщ".indexOf(prev) >= 0 ? "o" : "jo");
                case 'ж' -> sb.append("sch");
                case 'з' -> sb.append('s');
                case 'и' -> sb.append(prev == 'ь' ? "ji" : "i");
                // -ий and -ый end in i and y (Dmitri, Juri, Jewgeni); after other vowels й is i or j (Nikolai,
                // Tolstoi, Sergej, Alexej)
                case 'й' -> sb.append(prev == 'и' || prev == 'ы' ? "" : prev == 'а' || prev == 'о' || prev == 'у'
                        ? "i" : "j");
                case 'к' -> {
                    if (next == 'с' && !start) {
                        sb.append('x');
                        i++;
                    } else {
                        sb.append('k');
                    }
                }
                case 'л' -> sb.append('l');
                case 'м' -> sb.append('m');
                case 'н' -> sb.append('n');
                case 'о' -> sb.append('o');
                case 'п' -> sb.append('p');
                case 'р' -> sb.append('r');
                case 'с' -> sb.append(afterVowel && RUSSIAN_VOWELS.indexOf(next) >= 0 ? "ss" : "s");
                case 'т' -> sb.append('t');
                case 'у' -> sb.append('u');
                case 'ф' -> sb.append('f');
                case 'х' -> sb.append("ch");
                case 'ц' -> sb.append('z');
                case 'ч' -> sb.append("tsch");
                case 'ш' -> sb.append("sch");
                case 'щ' -> sb.append("schtsch");
                case 'ъ', 'ь' -> { }
                case 'ы' -> sb.append('y');
                case 'э' -> sb.append('e');
                case 'ю' -> sb.append("ju");
                case 'я' -> sb.append("ja");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Transliteration writes the soft and hard signs as apostrophes ({@code Ольга} → {@code Ol'ga}, {@code Наталья}
     * → {@code Natal'ya}), which nobody types: {@code Olga} and {@code Natalya} have to match exactly. Dropped, as
     * {@link dev.clientele.text.Folding#transliterate} does for duplicate matching; so is BGN's middle dot.
     */
    static String withoutSignMarks(String latin) {
        StringBuilder sb = null;
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            boolean mark = c == '\'' || c == '"' || c == '\u02B9' || c == '\u02BA' || c == '\u02BC' || c == '\u2019'
                    || c == '\u00B7';
            if (mark && sb == null) {
                sb = new StringBuilder(latin.length()).append(latin, 0, i);
            } else if (!mark && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? latin : sb.toString();
    }

    /**
     * A Latin name joined by apostrophes or dots also yields its form without them and (with {@link #parts}) its
     * parts: {@code O'Brien} gives {@code OBrien}, {@code O} and {@code Brien} (so "Obrien", "O Brien" and "Brien"
     * find it), {@code B.V.} gives {@code BV}. Letters only: numbers such as {@code 1.5} stay as they are.
     */
    private void joinedAndParts(String t, Set<String> out) {
        int joiners = 0;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            if (isJoiner(cp)) {
                joiners++;
            } else if (!Character.isLetter(cp) && Character.getType(cp) != Character.NON_SPACING_MARK) {
                return;
            }
        }
        if (joiners == 0) {
            return;
        }
        StringBuilder joined = new StringBuilder(t.length());
        StringBuilder part = new StringBuilder();
        Set<String> parts = new LinkedHashSet<>();
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : '.';
            if (isJoiner(c)) {
                if (!part.isEmpty()) {
                    parts.add(part.toString());
                    part.setLength(0);
                }
            } else {
                joined.append(c);
                part.append(c);
            }
        }
        if (!this.parts) {
            parts.clear();
        }
        if (!joined.isEmpty()) {
            parts.add(joined.toString());
        }
        for (String v : parts) {
            out.add(v);
            String german = germanExpansion(v);
            if (german != null) {
                out.add(german);
            }
        }
    }

    private static boolean isJoiner(int c) {
        return c == '\'' || c == '.' || c == '\u2019' || c == '\u02BC';
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

    /** Plain ASCII without apostrophes or dots: the common token, passed through as it is. */
    private static boolean isAsciiWithoutJoiners(char[] chars, int length) {
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c >= 0x80 || c == '\'' || c == '.') {
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
