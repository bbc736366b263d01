package dev.clientele.index;

import com.ibm.icu.text.Transliterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The other Latin spellings of a Russian name typed in Latin letters, for query text only: {@code Iwanow} is also
 * {@code ivanov}, {@code Zhukov} also {@code schukow}, {@code Julia} also {@code yulia}. A Cyrillic name is indexed
 * under all its romanisations ({@link NameVariantsFilter}: BGN, Any-Latin, the popular and the German spelling), so
 * any of them finds it; a name stored in Latin letters is indexed only as written. This class makes a typed Latin
 * spelling meet the stored one without growing the index: it reads the typed word back into the Cyrillic words it
 * may be a romanisation of (BGN with its popular variant, or German), keeps those of which the typed word really is
 * one of the romanisations (as {@link NameVariantsFilter} writes them), and answers their other romanisations: the
 * BGN, popular and German ones, which are the spellings people write (not ICU's Any-Latin, which only a Cyrillic
 * name stored as such needs). The search box looks these up in the name field.
 *
 * <p>Words that no Russian word romanises to find nothing to read back ({@code Smith}: no {@code h} outside
 * {@code kh}, {@code ch}, {@code sh}, {@code zh}; {@code Kovacs}: no lone {@code c}) and get no variants; the reading
 * is greedy for the letter groups ({@code shch} is щ, not ш + ч) and tries each Cyrillic letter a Latin one may stand
 * for ({@code s}: с or з in German), at most {@value #MAX_READINGS} readings per system. Answers are cached per word.
 * Thread-safe.
 */
public final class Romanisations {
    /** Readings tried per romanisation system and word. */
    static final int MAX_READINGS = 16;
    /** Other spellings answered per word at most. */
    static final int MAX_SPELLINGS = 12;

    private static final String VOWELS = "aeiouy";

    /**
     * BGN/PCGN with the popular variant (x for кс, yo for ё, final ia for ия/ья): Latin group → the Cyrillic it may
     * stand for. Longest groups first, as they are matched greedily.
     */
    private static final String[][] BGN = {
            {"shch", "щ"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"}, {"ch", "ч"}, {"sh", "ш"}, {"ye", "е"},
            {"yo", "ё"}, {"yu", "ю"}, {"ya", "я"}, {"a", "а"}, {"b", "б"}, {"v", "в"}, {"g", "г"}, {"d", "д"},
            {"e", "е", "э"}, {"z", "з"}, {"i", "и"}, {"y", "й", "ы"}, {"k", "к"}, {"l", "л"}, {"m", "м"}, {"n", "н"},
            {"o", "о"}, {"p", "п"}, {"r", "р"}, {"s", "с"}, {"t", "т"}, {"u", "у"}, {"f", "ф"}, {"x", "кс"}};

    /** The German romanisation (Duden), as {@link NameVariantsFilter#germanSpelling} writes it. */
    private static final String[][] GERMAN = {
            {"schtsch", "щ"}, {"tsch", "ч"}, {"sch", "ш", "ж"}, {"ch", "х"}, {"je", "е"}, {"jo", "ё"}, {"ju", "ю"},
            {"ja", "я"}, {"ss", "с"}, {"a", "а"}, {"b", "б"}, {"w", "в"}, {"g", "г"}, {"d", "д"}, {"e", "е", "э"},
            {"s", "с", "з"}, {"i", "и", "й"}, {"j", "й"}, {"k", "к"}, {"x", "кс"}, {"l", "л"}, {"m", "м"},
            {"n", "н"}, {"o", "о", "ё"}, {"p", "п"}, {"r", "р"}, {"t", "т"}, {"u", "у"}, {"f", "ф"}, {"z", "ц"},
            {"y", "ы"}};

    private static final com.github.benmanes.caffeine.cache.Cache<String, List<String>> CACHE =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(50_000).build();

    /* One transliterator each, shared under a lock: building one is slow, and answers are cached per word. */
    private static final Object LOCK = new Object();
    private static Transliterator bgn;
    private static Transliterator anyLatin;

    private Romanisations() {
    }

    /**
     * The other romanisations of the Russian words a typed word (lower-case a–z) romanises, without the word
     * itself; empty for words that are no romanisation of a Russian word, and for words under 3 letters.
     */
    public static List<String> otherSpellings(String typed) {
        if (typed.length() < 3 || typed.length() > 30 || !isLowerAscii(typed)) {
            return List.of();
        }
        return CACHE.get(typed, Romanisations::compute);
    }

    private static List<String> compute(String typed) {
        Set<String> readings = new LinkedHashSet<>();
        read(typed, BGN, 0, new StringBuilder(), readings);
        // Popular: Yulia, Natalia for Юлия, Наталья.
        readEnding(typed, "ia", BGN, List.of("ия", "ья"), readings);
        Set<String> german = new LinkedHashSet<>();
        read(typed, GERMAN, 0, new StringBuilder(), german);
        // German -ий is written -i: Dmitri, Juri, Jewgeni.
        readEnding(typed, "i", GERMAN, List.of("ий"), german);
        for (String g : german) {
            // A German reading is one when it is written back as typed (cheap, no ICU): many are not (Iwanow read
            // with й for its i is written jwanow), and only the rest cost a transliteration.
            if (NameVariantsFilter.germanSpelling(g).equals(typed)) {
                readings.add(g);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String cyrillic : readings) {
            String[] forms = romanisations(cyrillic);
            if (java.util.Arrays.asList(forms).contains(typed)) {
                // forms[3], Any-Latin, only tells whether the typed word is a reading of this one (Elena: Елена).
                out.add(forms[0]);
                out.add(forms[1]);
                out.add(forms[2]);
            }
        }
        out.remove(typed);
        return out.stream().limit(MAX_SPELLINGS).toList();
    }

    /** The Cyrillic words {@code latin} reads as from {@code at} on in one system, appended to {@code prefix}. */
    /**
     * For a word with the Latin {@code ending}: the readings of the rest, each with every one of the Cyrillic
     * {@code endings} the table would not read it as.
     */
    private static void readEnding(String typed, String ending, String[][] table, List<String> endings,
                                   Set<String> out) {
        if (!typed.endsWith(ending)) {
            return;
        }
        Set<String> stems = new LinkedHashSet<>();
        read(typed.substring(0, typed.length() - ending.length()), table, 0, new StringBuilder(), stems);
        for (String s : stems) {
            for (String e : endings) {
                out.add(s + e);
            }
        }
    }

    private static void read(String latin, String[][] table, int at, StringBuilder prefix, Set<String> out) {
        if (out.size() >= MAX_READINGS) {
            return;
        }
        if (at == latin.length()) {
            if (!prefix.isEmpty()) {
                out.add(prefix.toString());
            }
            return;
        }
        for (String[] group : table) {
            if (!latin.startsWith(group[0], at)) {
                continue;
            }
            char before = at == 0 ? ' ' : latin.charAt(at - 1);
            for (int i = 1; i < group.length; i++) {
                if (!plausible(group[i], before, at)) {
                    continue;
                }
                int length = prefix.length();
                prefix.append(group[i]);
                read(latin, table, at + group[0].length(), prefix, out);
                prefix.setLength(length);
            }
            return; // greedy: the longest group that matches here
        }
    }

    /** Prunes letters that cannot stand where they would: й and э only at the start or after a vowel, ы never first. */
    private static boolean plausible(String cyrillic, char before, int at) {
        boolean afterVowel = VOWELS.indexOf(before) >= 0;
        return switch (cyrillic) {
            case "й", "э" -> at == 0 || afterVowel;
            case "ы" -> at > 0 && !afterVowel;
            default -> true;
        };
    }

    /**
     * The forms a Cyrillic word is indexed under ({@link NameVariantsFilter#variants}): BGN, popular, German and
     * Any-Latin, in lower case.
     */
    private static String[] romanisations(String cyrillic) {
        String bgnForm;
        String popular;
        String any;
        synchronized (LOCK) {
            if (bgn == null) {
                bgn = Transliterator.getInstance("Russian-Latin/BGN; Latin-ASCII");
                anyLatin = Transliterator.getInstance("Any-Latin; Latin-ASCII");
            }
            bgnForm = bgn.transliterate(cyrillic);
            popular = bgn.transliterate(NameVariantsFilter.popularSpelling(cyrillic));
            any = anyLatin.transliterate(cyrillic);
        }
        return new String[] {lower(bgnForm), lower(popular), NameVariantsFilter.germanSpelling(cyrillic), lower(any)};
    }

    private static String lower(String latin) {
        return NameVariantsFilter.withoutSignMarks(latin).toLowerCase(Locale.ROOT);
    }

    private static boolean isLowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }
}
