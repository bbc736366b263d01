package dev.clientele.text;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds text to a comparable lower-case form: diacritics removed ("Márton" → "marton", "Straße" → "strasse") and,
 * for non-Latin scripts, transliterated to ASCII Latin ("Щукин" → "shchukin").
 *
 * <p>Stateless and thread-safe. Latin text takes a fast path (no ICU involved); only strings containing letters
 * outside Latin go through an ICU {@link Transliterator}, one instance per thread.
 */
public final class Folding {

    /*
     * Russian-Latin/BGN first so that Cyrillic gets the familiar English-style spelling (Щ → shch, Х → kh, Ж → zh)
     * that people use in e-mail addresses and Latin documents; Any-Latin then covers every other script (Greek,
     * Ukrainian letters BGN lacks, ...) and Latin-ASCII removes what is left of the diacritics.
     */
    private static final String TRANSLITERATION_ID = "Russian-Latin/BGN; Any-Latin; Latin-ASCII; Lower";

    /*
     * ICU4J does not promise that a compound Transliterator may be used by several threads at once (its rule-based
     * parts synchronise internally on shared data, which would also serialise indexing threads). A per-thread
     * instance costs a few kilobytes and avoids both the contention and the question.
     */
    private static final ThreadLocal<Transliterator> TRANSLITERATOR =
            ThreadLocal.withInitial(() -> Transliterator.getInstance(TRANSLITERATION_ID));

    private static final com.github.benmanes.caffeine.cache.Cache<String, String> CACHE =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();

    private Folding() {
    }

    /**
     * Lower-cases and removes diacritics from Latin letters; letters of other scripts are only lower-cased.
     * Also expands the letters that do not decompose (ß → ss, æ → ae, ł → l, ø → o, đ → d, þ → th).
     * Null gives null.
     */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        if (isAscii(text)) {
            return text.toLowerCase(Locale.ROOT);
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            appendFolded(sb, Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /**
     * Like {@link #fold} but with German umlauts expanded (ä → ae, ö → oe, ü → ue), the spelling Germans use when
     * the keyboard has no umlauts: {@code foldGerman("Müller")} is {@code "mueller"}. Use it as an alternative key
     * next to {@link #fold}, never instead of it ("Muller" is as common as "Mueller").
     */
    public static String foldGerman(String text) {
        if (text == null) {
            return null;
        }
        String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(composed.length() + 4);
        for (int i = 0; i < composed.length(); i++) {
            char c = Character.toLowerCase(composed.charAt(i));
            switch (c) {
                case 'ä' -> sb.append("ae");
                case 'ö' -> sb.append("oe");
                case 'ü' -> sb.append("ue");
                default -> sb.append(c);
            }
        }
        return fold(sb.toString());
    }

    /**
     * Transliterates any script to lower-case ASCII Latin ("Иванов" → "ivanov", "Александр" → "aleksandr",
     * "Νίκος" → "nikos"). Apostrophes the transliteration produces for soft and hard signs are dropped
     * ("Наталья" → "natalya"), and so is the middle dot it puts between т and с ("Советская" → "sovetskaya").
     * Null gives null.
     */
    public static String transliterate(String text) {
        if (text == null) {
            return null;
        }
        // Names and cities repeat a lot, and ICU's rule-based transliteration is the costliest step of indexing.
        return CACHE.get(text, Folding::transliterateUncached);
    }

    private static String transliterateUncached(String text) {
        String latin = TRANSLITERATOR.get().transliterate(text);
        // Dropped: the apostrophes of soft and hard signs, and the middle dot BGN puts in т·с (to tell it from ц).
        if (latin.indexOf('\'') >= 0 || latin.indexOf('"') >= 0 || latin.indexOf('\u00B7') >= 0) {
            latin = latin.replace("'", "").replace("\"", "").replace("\u00B7", "");
        }
        return latin;
    }

    /**
     * The full matching form: {@link #transliterate} when the text contains non-Latin letters, otherwise
     * {@link #fold}. Either way the result is lower-case and, for all practical purposes, ASCII.
     */
    public static String latin(String text) {
        if (text == null) {
            return null;
        }
        return hasNonLatinLetter(text) ? transliterate(text) : fold(text);
    }

    /** True when the text contains a letter of a script other than Latin (Cyrillic, Greek, ...). */
    public static boolean hasNonLatinLetter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && Character.isLetter(c)
                    && Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void appendFolded(StringBuilder sb, char c) {
        switch (c) {
            case 'ß' -> sb.append("ss");
            case 'æ' -> sb.append("ae");
            case 'œ' -> sb.append("oe");
            case 'ł' -> sb.append('l');
            case 'ø' -> sb.append('o');
            case 'đ', 'ð' -> sb.append('d');
            case 'þ' -> sb.append("th");
            case 'ı' -> sb.append('i');
            default -> sb.append(c);
        }
    }

    /** Splits folded text into tokens of letters and digits. */
    public static java.util.List<String> tokens(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if (!word.isEmpty()) {
                out.add(word.toString());
                word.setLength(0);
            }
        }
        return out;
    }
}
