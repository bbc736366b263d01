package dev.clientele.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street-type words (Street, Straße, utca, улица …), their abbreviations and their kinds: one table for search and
 * for matching, so that the two cannot read a street differently.
 * <ul>
 *   <li>Search writes an abbreviation out as the words it stands for ({@link #fullForms}: {@code u.} utca,
 *       {@code пл.} площадь, {@code St} Street and Saint, or Saint only where it leads a street before a name;
 *       {@code Sankt}, {@code Szent} and {@code Szt.} Saint and themselves),
 *       in the index and in the query, so each form finds the other.</li>
 *   <li>Matching compares street names without their types ({@link #read}: {@link Word#isType}), since each
 *       type is written in every possible way ({@code u.}, {@code utca}; {@code ул.}, {@code улица}, {@code ulitsa};
 *       {@code д. 5}, {@code дом 5}, {@code 5}), and tells two known types of one name apart by their kinds
 *       ({@link Word#kinds}: {@code köz} is a lane, {@code utca} a street).</li>
 *   <li>Both read a hyphenated abbreviation ({@code б-р}, {@code пр-т}, {@code пр-д}, {@code мкр-н}), which a
 *       tokenizer would split in two, as the word it stands for ({@link #hyphenated}).</li>
 * </ul>
 * An abbreviation is looked up in its own script, folded ({@link Folding#fold}): Latin {@code pl} is Platz (and
 * Place, and a romanised площадь), Cyrillic {@code пл} only площадь; Cyrillic {@code у} is no utca. Stateless and
 * thread-safe.
 */
public final class StreetTypes {
    /** One street type: its kind (null for the parts of an address that are no street: дом, корпус, квартира). */
    private record Type(String kind, String word, List<String> abbreviations, List<String> spellings) {
    }

    /**
     * The table: kind, the word as written, the abbreviations search writes out as the word (in their own script:
     * the romanised ones too), and other spellings matching knows (romanisations; abbreviations too ambiguous to be
     * written out). Search reaches the romanisations of a Cyrillic word through transliteration.
     */
    private static final List<Type> TYPES = List.of(
            type("street", "Street", List.of("St")),
            type("street", "Straße", List.of(), "Str"), // Hauptstr., Str.: written out by the -str rule
            type("street", "utca", List.of("u")),
            type("street", "улица", List.of("ул", "ul"), "ulica", "ulitsa", "ulitza"),
            type("road", "Road", List.of("Rd")),
            type("road", "út", List.of()),
            type("avenue", "Avenue", List.of("Ave", "Av")),
            type("avenue", "Allee", List.of()),
            type("avenue", "sugárút", List.of("sgt")),
            type("avenue", "проспект", List.of("пр", "pr"), "prospect", "prospekt"),
            type("boulevard", "Boulevard", List.of("Blvd")),
            type("boulevard", "körút", List.of("krt")),
            type("boulevard", "бульвар", List.of(), "bulvar"),
            type("square", "Square", List.of("Sq")),
            type("square", "Platz", List.of("pl")),
            type("square", "tér", List.of()),
            type("square", "площадь", List.of("пл", "pl"), "ploshchad", "ploschad"),
            type("place", "Place", List.of("pl")),
            type("lane", "Lane", List.of("Ln")),
            type("lane", "Gasse", List.of()),
            type("lane", "köz", List.of()),
            type("lane", "переулок", List.of("пер", "per"), "pereulok"),
            type("drive", "Drive", List.of(), "Dr"), // Dr is a doctor as often (Dr. Szabó László utca)
            type("court", "Court", List.of("Ct")),
            type("crescent", "Crescent", List.of("Cres")),
            type("circuit", "Circuit", List.of("Cct")),
            type("close", "Close", List.of()),
            type("way", "Way", List.of()),
            type("way", "Weg", List.of()),
            type("parade", "Parade", List.of("Pde")),
            type("terrace", "Terrace", List.of("Tce")),
            type("highway", "Highway", List.of("Hwy")),
            type("highway", "шоссе", List.of("ш", "sh"), "shosse"),
            type("row", "sor", List.of()),
            type("estate", "lakótelep", List.of("ltp")),
            type("estate", "микрорайон", List.of("мкр", "mkr"), "mikrorayon", "mikrorajon"),
            type("embankment", "набережная", List.of("наб", "nab"), "naberezhnaya"),
            type("passage", "проезд", List.of(), "proyezd", "proezd"),
            type("dead end", "тупик", List.of("туп", "tup"), "tupik"),
            // Russian house, building, structure and flat: дом 5, корп. 2, стр. 1, кв. 17
            type(null, "дом", List.of("д", "d")),
            type(null, "корпус", List.of("корп", "korp"), "korpus"),
            type(null, "строение", List.of("стр"), "stroyeniye", "stroenie"),
            type(null, "квартира", List.of("кв", "kv"), "kvartira"));

    /** Abbreviations that also stand for a word that is no street type, written out as both (Baker St). */
    private static final Map<String, List<String>> ALSO = Map.of("st", List.of("Saint"));

    /**
     * St, folded: Saint where it leads a street line before a name ({@code St Mary's Rd}, {@code 4 St. Mary's Rd},
     * {@code St.-Anna-Platz}), as no street's type comes first in English or German; elsewhere Street or Saint.
     */
    private static final String ST = "st";

    /** Saint as written out, and as matching compares it. */
    private static final String SAINT = "Saint";

    /**
     * Saint in German and Hungarian, folded: {@code Sankt-Georg-Straße} is {@code St.-Georg-Str.}, {@code Szent
     * István krt.} is {@code Szt. István körút}. Whole words only: {@code Szentes}, a surname, is no Saint.
     */
    private static final Set<String> SAINT_WORDS = Set.of("sankt", "szent", "szt");

    /**
     * The start of the romanised Russian name of St Petersburg ({@code Sankt-Peterburg}, {@code Sankt-Peterburgskoe
     * shosse}): there {@code Sankt} is part of the city's name as Russians write it, not a saint before a name.
     */
    private static final String PETERBURG = "peterburg";

    /**
     * Romanised Russian street words that no German, Hungarian or English street line has, folded: a line with
     * one ({@code ul. Lenina, d. 5, str. 1}) reads a {@code str.} after a house number as строение (a building), not
     * as the German Straße. {@code d} counts before a number only ({@code d. 5}); {@code pr} with a {@code t} after
     * it is {@code pr-t}. Not {@code dom} (a German Dom, {@code Am Dom 5}), nor {@code ulica} (Polish and Czech).
     */
    private static final Set<String> ROMANISED_RUSSIAN = Set.of("ul", "ulitsa", "ulitza", "korp", "korpus", "kv",
            "kvartira", "per", "pereulok", "prospekt", "mkr", "mikrorayon", "mikrorajon", "nab", "naberezhnaya",
            "shosse", "proezd", "proyezd", "tupik", "bulvar", "ploshchad", "ploschad", "stroenie", "stroyeniye");

    /** The length of the longest of {@link #SAINT_WORDS}: a longer word is none of them. */
    private static final int SAINT_LENGTH = 5;

    /** The romanised строение, folded: the German Straße elsewhere. */
    private static final String STR = "str";

    /** The building (строение) a romanised {@code str.} stands for in a romanised Russian line, as written. */
    public static final String BUILDING = "строение";

    /**
     * Abbreviations that stand for their word only before a number ({@code д. 5, к. 2}): alone, a {@code к} is as
     * often the word к (to) or a building's letter.
     */
    private static final Map<String, String> BEFORE_NUMBER = Map.of("к", "корпус", "k", "корпус");

    /**
     * Hyphenated abbreviations (lower case) and the words they stand for: Cyrillic only, as a typed word is read so
     * in every field (a Latin {@code B-R} is as likely a firm's name).
     */
    private static final Map<String, String> HYPHENATED = Map.of(
            "б-р", "бульвар", "пр-т", "проспект", "пр-д", "проезд", "мкр-н", "микрорайон");

    /** A hyphenated abbreviation as a whole word, in any case, with its dot if any. */
    private static final Pattern HYPHENATED_WORD = hyphenatedWord();

    /** The shortest word ending in a glued pl. read as Platz: three letters and pl ({@code Marienpl.}). */
    private static final int GLUED_PL = 5;

    /**
     * German compounds ending in their type (Hauptstraße, Marienplatz, Gartenweg) or its abbreviation glued to the
     * name (Hauptstr., Marienpl.), folded: suffix → kind.
     */
    private static final Map<String, String> SUFFIXES = suffixes();

    /** Abbreviation (folded, in its own script) → the words it stands for, as written. */
    private static final Map<String, List<String>> ABBREVIATIONS = abbreviations();

    /** The length of the longest abbreviation: a longer word is none (but for a German -str). */
    private static final int LONGEST_ABBREVIATION = ABBREVIATIONS.keySet().stream().mapToInt(String::length).max()
            .orElse(0);

    /**
     * Every form of every type written in Latin letters, folded → its kinds (maybe none): the Latin forms, the
     * romanised abbreviations the table lists ({@code ul}, {@code pr}) and the Cyrillic words romanised
     * ({@code ulitsa}). A Cyrillic abbreviation romanised is none of them unless listed: {@code стр} (строение)
     * romanised is {@code str}, the German Straße.
     */
    private static final Map<String, Set<String>> FOLDED = folded(false);

    /** Every form of every type written in Cyrillic letters, folded in its own script → its kinds (maybe none). */
    private static final Map<String, Set<String>> OWN_SCRIPT = folded(true);

    private StreetTypes() {
    }

    private static Type type(String kind, String word, List<String> abbreviations, String... spellings) {
        return new Type(kind, word, abbreviations, List.of(spellings));
    }

    private static Pattern hyphenatedWord() {
        StringBuilder any = new StringBuilder();
        for (String h : HYPHENATED.keySet()) {
            any.append(any.isEmpty() ? "" : "|").append(Pattern.quote(h));
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}])(" + any + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static Map<String, String> suffixes() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("strasse", "street");
        out.put("str", "street");
        out.put("platz", "square");
        out.put("pl", "square"); // Marienpl., as search reads it (glued)
        out.put("gasse", "lane");
        out.put("allee", "avenue");
        out.put("weg", "way");
        return out;
    }

    private static Map<String, List<String>> abbreviations() {
        Map<String, List<String>> out = new HashMap<>();
        for (Type t : TYPES) {
            for (String a : t.abbreviations()) {
                out.computeIfAbsent(Folding.fold(a), k -> new ArrayList<>()).add(t.word());
            }
        }
        ALSO.forEach((a, words) -> out.get(a).addAll(words));
        Map<String, List<String>> copy = new HashMap<>();
        out.forEach((a, words) -> copy.put(a, List.copyOf(words)));
        return Map.copyOf(copy);
    }

    private static Map<String, Set<String>> folded(boolean ownScript) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Type t : TYPES) {
            List<String> forms = new ArrayList<>(List.of(t.word()));
            forms.addAll(t.abbreviations());
            forms.addAll(t.spellings());
            for (String form : forms) {
                boolean cyrillic = Folding.hasNonLatinLetter(form);
                Set<String> words = new LinkedHashSet<>();
                if (ownScript && cyrillic) {
                    words.add(Folding.fold(form));
                } else if (!ownScript && !cyrillic) {
                    words.addAll(words(form));
                    words.addAll(Folding.tokens(Folding.foldGerman(form))); // körút as koerut too
                } else if (!ownScript && form.equals(t.word())) {
                    words.addAll(words(form)); // улица as ulitsa: its abbreviations are romanised in the table
                }
                for (String w : words) {
                    Set<String> kinds = out.computeIfAbsent(w, k -> new HashSet<>());
                    if (t.kind() != null) {
                        kinds.add(t.kind());
                    }
                }
            }
        }
        Map<String, Set<String>> copy = new HashMap<>();
        out.forEach((w, kinds) -> copy.put(w, Set.copyOf(kinds)));
        return Map.copyOf(copy);
    }

    /**
     * The words an abbreviated street word stands for, as written ({@code krt} → körút; {@code пл} → площадь;
     * {@code St} → Street and Saint; a German {@code Hauptstr} → Hauptstrasse), or empty when it is none.
     * {@code next} is the word after it, or null: {@code к} is корпус only before a number.
     */
    public static List<String> fullForms(String word, String next) {
        return fullForms(word, next, false);
    }

    /**
     * {@link #fullForms(String, String)} for a word that may lead its street line: {@code leading} when no word but
     * house numbers came before it. A leading {@code St} before a name is Saint only ({@code St Mary's Rd}).
     */
    public static List<String> fullForms(String word, String next, boolean leading) {
        if (leading && isSaint(Folding.fold(word), next)) {
            return List.of(SAINT);
        }
        if (isSaintWord(word, next)) {
            return List.of(SAINT, word); // the word too: Szen, typed on, is still the start of Szent
        }
        if (word.length() > LONGEST_ABBREVIATION) {
            // Most words of a street: only a German -str or -pl can be one, and no folding is needed to tell.
            return glued(word);
        }
        String key = Folding.fold(word);
        List<String> full = ABBREVIATIONS.get(key);
        if (full != null) {
            return full;
        }
        String beforeNumber = BEFORE_NUMBER.get(key);
        if (beforeNumber != null) {
            return next != null && !next.isEmpty() && Character.isDigit(next.charAt(0)) ? List.of(beforeNumber)
                    : List.of();
        }
        // German -str. at the end of a word (Hauptstr.) or alone (Max-Liebermann-Str.): Straße
        return key.length() >= 3 && key.endsWith("str") && !Folding.hasNonLatinLetter(key)
                ? List.of(word + "asse") : List.of();
    }

    /**
     * A German type abbreviated at the end of a longer word, written out: {@code Hauptstr} Hauptstrasse,
     * {@code Marienpl} Marienplatz (no word of these languages ends in -pl); else empty. A glued {@code g.}
     * (Gasse) or {@code w.} (Weg) is not read: street names end in g and w (Ring, Steig, Pankow), and only the
     * dot, which tokenizers drop, would tell them.
     */
    private static List<String> glued(String word) {
        if (Folding.hasNonLatinLetter(word)) {
            return List.of();
        }
        int n = word.length();
        if (word.regionMatches(true, n - 3, "str", 0, 3)) {
            return List.of(word + "asse");
        }
        return n >= GLUED_PL && word.regionMatches(true, n - 2, "pl", 0, 2) ? List.of(word + "atz") : List.of();
    }

    /**
     * Whether what a word stands for depends on the word after it ({@code к} корпус before a number only; a
     * leading {@code St} Saint before a name).
     */
    public static boolean needsNext(String word) {
        String key = Folding.fold(word);
        return BEFORE_NUMBER.containsKey(key) || ST.equals(key) || SAINT_WORDS.contains(key);
    }

    /**
     * Whether a word is Sankt, Szent or Szt. ({@link #SAINT_WORDS}) as Saint: in Latin letters, and not before the
     * romanised Russian name of St Petersburg ({@code Sankt-Peterburg}). A street line that reads as romanised
     * Russian keeps its Sankt too ({@link #read}); search, one word at a time, has only the next word to go by.
     */
    private static boolean isSaintWord(String word, String next) {
        return word.length() <= SAINT_LENGTH && !Folding.hasNonLatinLetter(word)
                && SAINT_WORDS.contains(Folding.fold(word))
                && (next == null || !Folding.latin(next).startsWith(PETERBURG));
    }

    /** Whether a leading word, folded, is Saint: {@code St} before a word of letters (a name). */
    private static boolean isSaint(String key, String next) {
        return ST.equals(key) && next != null && !next.isEmpty() && Character.isLetter(next.charAt(0));
    }

    /**
     * The hyphenated abbreviations of a text ({@code б-р}, {@code пр-т}): each as its start, end and the word it
     * stands for, in order. The one reader of them, for the index (a char filter), the query and matching.
     */
    public static List<Hyphenated> hyphenated(String text) {
        if (text == null || text.indexOf('-') < 0) {
            return List.of();
        }
        List<Hyphenated> out = new ArrayList<>();
        Matcher m = HYPHENATED_WORD.matcher(text);
        while (m.find()) {
            String word = HYPHENATED.get(m.group(1).toLowerCase(java.util.Locale.ROOT));
            out.add(new Hyphenated(m.start(), m.end(), word));
        }
        return out;
    }

    /**
     * An abbreviation at {@code [start, end)} of a text, standing for {@code word}: a hyphenated one, or a romanised
     * building ({@link #romanisedBuildings}).
     */
    public record Hyphenated(int start, int end, String word) {
    }

    /** The text with its hyphenated abbreviations written out ({@code б-р Гагарина} → {@code бульвар Гагарина}). */
    public static String withHyphenatedWrittenOut(String text) {
        List<Hyphenated> found = hyphenated(text);
        if (found.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int at = 0;
        for (Hyphenated h : found) {
            sb.append(text, at, h.start()).append(h.word());
            at = h.end();
        }
        return sb.append(text, at, text.length()).toString();
    }

    /**
     * One word of a street line as matching reads it ({@link #read}): {@code written} as written, {@code text}
     * folded and transliterated, as compared; {@code name} the part of it that names the street, or null for a
     * street type (a German compound without its type: {@code hauptstrasse} → {@code haupt}); {@code kinds} the
     * kinds of street it says (its type's or its compound's; none for дом, корпус, строение, квартира).
     */
    public record Word(String written, String text, String name, Set<String> kinds) {
        /** Whether the word is a street type or another part of an address that names no street (д., стр.). */
        public boolean isType() {
            return name == null;
        }

        /** Whether the word is a number (a house, building or flat number: {@code 5}, {@code 12a}). */
        public boolean isNumber() {
            return Character.isDigit(text.charAt(0));
        }
    }

    /**
     * The words of a street line, each read in its own script before it is transliterated, as search reads them
     * ({@link #fullForms}): a Cyrillic {@code стр.} is строение (a building, no street type), never the German
     * {@code Str.} its romanisation spells, and a Cyrillic {@code у} (at) no Hungarian {@code u.} (utca).
     * Hyphenated abbreviations are read as their words ({@code б-р} бульвар), {@code к} as корпус before a number
     * only, a leading {@code St} before a name as Saint ({@code St Mary's Rd}: a road, no street); a German
     * compound's type is cut off ({@code Hauptstraße}).
     */
    public static List<Word> read(String street) {
        String text = withHyphenatedWrittenOut(street);
        if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            text = Normalizer.normalize(text, Normalizer.Form.NFC); // a letter and its accent apart split no word
        }
        List<String> tokens = Folding.tokens(text);
        List<Word> out = new ArrayList<>(tokens.size());
        boolean leading = true; // no word but house numbers yet
        Boolean russian = null; // whether the line reads as romanised Russian: asked of a str. or a Sankt only
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String latin = Folding.latin(token);
            if (latin.isEmpty()) {
                continue; // a lone soft sign, which transliteration drops
            }
            if (Character.isDigit(token.charAt(0))) {
                out.add(new Word(token, latin, latin, Set.of()));
                continue;
            }
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            boolean cyrillic = Folding.hasNonLatinLetter(token);
            String key = cyrillic ? Folding.fold(token) : latin;
            Set<String> kinds = (cyrillic ? OWN_SCRIPT : FOLDED).get(key);
            if (russian == null && !cyrillic && (STR.equals(key) || SAINT_WORDS.contains(key))) {
                russian = romanisedRussian(tokens);
            }
            boolean saint = !cyrillic && (leading && isSaint(key, next)
                    || !Boolean.TRUE.equals(russian) && isSaintWord(token, next));
            leading = false;
            if (Boolean.TRUE.equals(russian) && afterNumber(tokens, i) && STR.equals(key)) {
                out.add(new Word(token, latin, null, Set.of())); // ul. Lenina, d. 5, str. 1: строение
            } else if (saint) {
                String name = Folding.fold(SAINT);
                out.add(new Word(token, name, name, Set.of()));
            } else if (kinds != null) {
                out.add(new Word(token, latin, null, kinds));
            } else if (BEFORE_NUMBER.containsKey(key) && next != null && Character.isDigit(next.charAt(0))) {
                out.add(new Word(token, latin, null, Set.of()));
            } else {
                String[] compound = cyrillic ? null : compound(latin);
                out.add(compound == null ? new Word(token, latin, latin, Set.of())
                        : new Word(token, latin, compound[0], Set.of(compound[1])));
            }
        }
        return out;
    }

    /** Whether the word before the {@code i}th is a number (a house number: {@code d. 5, str. 1}). */
    private static boolean afterNumber(List<String> tokens, int i) {
        return i > 0 && Character.isDigit(tokens.get(i - 1).charAt(0));
    }

    /**
     * The romanised {@code str.} (строение, a building) of a street line, each as its start and end in the text and
     * {@link #BUILDING}: a {@code str} after a house number in a line that reads as romanised Russian, as
     * {@link #read} reads it ({@code ul. Lenina, d. 5, str. 1}; not {@code Hauptstr. 1}, {@code Str. 1}, nor
     * {@code Max-Liebermann-Str. 1}). Search writes them out as строение before tokenizing, so that such a line's
     * building is no Straße in the index either, and meets a Cyrillic {@code стр.}. Words are runs of letters and
     * digits, as {@link Folding#tokens} gives them.
     */
    public static List<Hyphenated> romanisedBuildings(String street) {
        if (street == null || street.length() < 5) {
            return List.of();
        }
        List<int[]> spans = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= street.length(); i++) {
            boolean inWord = i < street.length() && Character.isLetterOrDigit(street.charAt(i));
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                spans.add(new int[] {start, i});
                start = -1;
            }
        }
        List<String> tokens = new ArrayList<>(spans.size());
        spans.forEach(sp -> tokens.add(street.substring(sp[0], sp[1])));
        List<Hyphenated> out = new ArrayList<>(1);
        Boolean russian = null;
        for (int i = 1; i < tokens.size(); i++) {
            if (isRomanisedStr(tokens.get(i)) && afterNumber(tokens, i)) {
                if (russian == null) {
                    russian = romanisedRussian(tokens);
                }
                if (!russian) {
                    return List.of();
                }
                out.add(new Hyphenated(spans.get(i)[0], spans.get(i)[1], BUILDING));
            }
        }
        return out;
    }

    /**
     * Whether a typed word may be the romanised строение: {@code str} in Latin letters, which search, reading a query
     * one word at a time with no street line around it, reads as both Straße and строение (as a typed {@code St} is
     * both Street and Saint).
     */
    public static boolean isRomanisedStr(String word) {
        return word.length() == STR.length() && !Folding.hasNonLatinLetter(word) && STR.equals(Folding.fold(word));
    }

    /**
     * Whether a street line's words (as {@link Folding#tokens} gives them) read as romanised Russian: one of
     * {@link #ROMANISED_RUSSIAN}, {@code d} before a number, or {@code pr-t}.
     */
    private static boolean romanisedRussian(List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (Folding.hasNonLatinLetter(token) || Character.isDigit(token.charAt(0))) {
                continue;
            }
            String key = Folding.latin(token);
            String next = i + 1 < tokens.size() ? Folding.latin(tokens.get(i + 1)) : "";
            if (ROMANISED_RUSSIAN.contains(key) || key.equals("d") && !next.isEmpty()
                    && Character.isDigit(next.charAt(0)) || key.equals("pr") && next.equals("t")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A German compound ending in its type, folded ({@code hauptstrasse}, {@code marienplatz}, {@code gartenweg}):
     * the name before the type and the type's kind, or null for any other word.
     */
    public static String[] compound(String word) {
        for (var e : SUFFIXES.entrySet()) {
            String suffix = e.getKey();
            if (word.length() > suffix.length() + (suffix.length() > 3 ? 0 : 2) && word.endsWith(suffix)) {
                return new String[] {word.substring(0, word.length() - suffix.length()), e.getValue()};
            }
        }
        return null;
    }

    /**
     * The words of a street line, folded and transliterated, with the hyphenated abbreviations read as the words
     * they stand for ({@code б-р Гагарина, д. 3} → {@code bulvar gagarina d 3}).
     */
    public static List<String> words(String street) {
        return Folding.tokens(Folding.latin(withHyphenatedWrittenOut(street)));
    }
}
