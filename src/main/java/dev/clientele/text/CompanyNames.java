package dev.clientele.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Company name normalisation for matching: folds and transliterates, removes legal-form designators (GmbH, Kft.,
 * Ltd, ООО, ...) and punctuation, so that "Müller GmbH", "MÜLLER" and "Müller GmbH &amp; Co. KG" share the key
 * "muller", and "ООО «Ромашка»" and "Romashka LLC" share "romashka".
 *
 * <p>Stateless and thread-safe.
 */
public final class CompanyNames {

    /*
     * Legal forms that never mean anything else in a company name, so they are removed wherever they stand
     * ("Müller GmbH Berlin" is the same firm as "Müller Berlin GmbH").
     */
    private static final Set<String> STRONG_FORMS = Set.of(
            "gmbh", "mbh", "gesmbh", "kgaa", "ohg", "gbr", "haftungsbeschrankt", "ev", "ek", "eg",
            "kft", "zrt", "nyrt", "rt", "bt", "kkt", "llc", "llp", "ltd", "limited", "inc", "incorporated",
            "corp", "corporation", "plc", "pty", "sarl", "sas", "srl", "spa", "bv", "nv", "gmbhco",
            "ooo", "oao", "zao", "pao", "nko", "tov");

    /*
     * Short forms that can also be ordinary words or initials ("AG", "SA", "AB", "Co"); removed only at the start
     * or end of the name, where legal forms are written.
     */
    private static final Set<String> EDGE_FORMS = Set.of(
            "ag", "kg", "se", "ug", "co", "company", "sa", "ab", "as", "oy", "ip", "ao", "cv", "ltda", "lp",
            "and", "und", "es", "the");

    /*
     * Legal forms written out, and the English abbreviations of Russian ones (JSC for АО): removed wherever they stand
     * by the matching key only (matchKey). Kept in their own script and folded as the names are, longest first.
     */
    private static final List<String> SPELLED_OUT_FORMS = List.of(
            "Gesellschaft mit beschränkter Haftung", "Aktiengesellschaft", "Kommanditgesellschaft",
            "Offene Handelsgesellschaft", "Gesellschaft bürgerlichen Rechts", "Unternehmergesellschaft",
            "eingetragener Kaufmann", "eingetragene Kauffrau", "eingetragener Verein", "eingetragene Genossenschaft",
            "Korlátolt Felelősségű Társaság", "Zártkörűen Működő Részvénytársaság",
            "Nyilvánosan Működő Részvénytársaság", "Részvénytársaság", "Betéti Társaság", "Közkereseti Társaság",
            "Egyéni Vállalkozó", "Общество с ограниченной ответственностью", "Публичное акционерное общество",
            "Непубличное акционерное общество", "Закрытое акционерное общество", "Открытое акционерное общество",
            "Акционерное общество", "Индивидуальный предприниматель", "Limited Liability Company",
            "Limited Liability Partnership", "Public Limited Company", "Private Limited Company",
            "Public Joint Stock Company", "Closed Joint Stock Company", "Open Joint Stock Company",
            "Joint Stock Company", "JSC", "PJSC", "OJSC", "CJSC");
    private static final List<List<String>> FORM_PHRASES = formPhrases();

    /** Words that join names ("Kovács és Társa", "Procter and Gamble"), written as "&" as often. */
    private static final Set<String> JOINING_WORDS = Set.of("and", "und", "es", "et", "y", "i", "u", "en");

    private CompanyNames() {
    }

    private static List<List<String>> formPhrases() {
        Set<List<String>> phrases = new java.util.LinkedHashSet<>();
        for (String form : SPELLED_OUT_FORMS) {
            phrases.add(words(Folding.latin(form)));
            phrases.add(words(Folding.hasNonLatinLetter(form) ? Folding.latin(form) : Folding.foldGerman(form)));
        }
        List<List<String>> sorted = new ArrayList<>(phrases);
        sorted.sort((x, y) -> y.size() - x.size());
        return List.copyOf(sorted);
    }

    /**
     * The key for comparing two names (and, through {@link #blockingKeys}, for blocking): {@link #key}, also without
     * legal forms written out ("Siemens Aktiengesellschaft", "Общество с ограниченной ответственностью «Ромашка»",
     * "Severstal JSC") and joining words between names ("Kovács és Társa" = "Kovács &amp; Társa"), with an x read
     * as ks, as Cyrillic кс is romanised ("Yandex" = "Яндекс").
     */
    public static String matchKey(String name) {
        return name == null ? null : matchKeyOf(Folding.latin(name));
    }

    /** {@link #matchKey} with German umlauts expanded, as {@link #germanKey} is {@link #key}. */
    public static String germanMatchKey(String name) {
        if (name == null) {
            return null;
        }
        return matchKeyOf(Folding.hasNonLatinLetter(name) ? Folding.latin(name) : Folding.foldGerman(name));
    }

    private static String matchKeyOf(String folded) {
        List<String> kept = new ArrayList<>(tokens(folded));
        for (List<String> phrase : FORM_PHRASES) {
            for (int i = java.util.Collections.indexOfSubList(kept, phrase); i >= 0 && kept.size() > phrase.size();
                 i = java.util.Collections.indexOfSubList(kept, phrase)) {
                kept.subList(i, i + phrase.size()).clear();
            }
        }
        for (int i = kept.size() - 2; i >= 1; i--) {
            if (JOINING_WORDS.contains(kept.get(i))) {
                kept.remove(i);
            }
        }
        return String.join(" ", kept).replace("x", "ks");
    }

    /**
     * The company's blocking keys: {@link #matchKey}, {@link #germanMatchKey} and {@link #romanisationKey}, so that
     * every two names the scorer reads as one share a key ("Siemens Aktiengesellschaft" and "Siemens AG", "Kovács és
     * Társa Kft." and "Kovacs &amp; Tarsa Kft", "Жёлтый дом" and "Zholtyi Dom"). None for a name that is only a
     * legal form ("GmbH", "AG", "Aktiengesellschaft"): such a key would put every firm that left its name out into
     * one block, each compared with all the others.
     */
    public static Set<String> blockingKeys(String name) {
        Set<String> keys = new java.util.LinkedHashSet<>(4);
        if (name == null) {
            return keys;
        }
        String key = matchKey(name);
        if (onlyLegalForms(key)) {
            return keys;
        }
        keys.add(key);
        keys.add(germanMatchKey(name));
        keys.add(romanised(key));
        return keys;
    }

    /** ё written o after ж, ч, ш, щ (жёлтый: zholtyi, zheltyy): read as e, as Folding writes it. */
    private static final java.util.regex.Pattern SIBILANT_O = java.util.regex.Pattern.compile("(zh|ch|sh)o");

    /**
     * {@link #matchKey} with the letters that romanisations of one Russian word write differently made alike: ё
     * (yo, jo, e, and o after a sibilant) as e, y and j as i, a doubled i once ("АО «Жёлтый дом»" → "zheltyy dom",
     * "Zholtyi Dom JSC" → "zholtyi dom": both "zhelti dom"; "Соловей" and "Solovei": "solovei"). For comparing a
     * Cyrillic name with a Latin one and as a blocking key; null for a name that is only a legal form.
     */
    public static String romanisationKey(String name) {
        String key = name == null ? null : matchKey(name);
        return key == null || onlyLegalForms(key) ? null : romanised(key);
    }

    private static String romanised(String matchKey) {
        String key = SIBILANT_O.matcher(matchKey.replace("yo", "e").replace("jo", "e")).replaceAll("$1e");
        return key.replace('y', 'i').replace('j', 'i').replace("ii", "i");
    }

    /** Whether a key has no word that is not part of a legal form or a joining word (or no word at all). */
    private static boolean onlyLegalForms(String key) {
        for (String w : key.split(" ")) {
            if (!w.isEmpty() && !LegalWords.ALL.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** Every word of a legal form, short or written out, and the joining words (built on first use). */
    private static final class LegalWords {
        static final Set<String> ALL = build();

        private static Set<String> build() {
            Set<String> all = new java.util.HashSet<>(STRONG_FORMS);
            all.addAll(EDGE_FORMS);
            all.addAll(JOINING_WORDS);
            FORM_PHRASES.forEach(all::addAll);
            // The key reads an x as ks: a form with an x is in the set as the key spells it.
            all.addAll(all.stream().filter(w -> w.contains("x")).map(w -> w.replace("x", "ks")).toList());
            return Set.copyOf(all);
        }
    }

    /** The words of a folded text, as {@link #tokens} splits them, without removing anything. */
    private static List<String> words(String folded) {
        List<String> words = new ArrayList<>();
        for (String w : folded.replace(".", "").replace("'", "").split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** The matching key: folded, transliterated, legal forms and punctuation removed, tokens joined by one space. */
    public static String key(String name) {
        return name == null ? null : String.join(" ", tokens(Folding.latin(name)));
    }

    /**
     * The same key with German umlauts expanded ("Müller GmbH" → "mueller"), so it meets a name typed without
     * umlauts ("Mueller GmbH"). Compare against both keys.
     */
    public static String germanKey(String name) {
        if (name == null) {
            return null;
        }
        String folded = Folding.hasNonLatinLetter(name) ? Folding.latin(name) : Folding.foldGerman(name);
        return String.join(" ", tokens(folded));
    }

    /** The key's words, in order; empty when the name is only a legal form or punctuation. */
    public static List<String> tokens(String folded) {
        // Dots inside abbreviations go first so that "e.V." and "S.A." become single words "ev" and "sa".
        String s = folded.replace(".", "").replace("'", "");
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        List<String> kept = new ArrayList<>(words.size());
        for (String w : words) {
            if (!STRONG_FORMS.contains(w)) {
                kept.add(w);
            }
        }
        while (kept.size() > 1 && EDGE_FORMS.contains(kept.get(kept.size() - 1))) {
            kept.remove(kept.size() - 1);
        }
        while (kept.size() > 1 && EDGE_FORMS.contains(kept.get(0))) {
            kept.remove(0);
        }
        return kept;
    }
}
