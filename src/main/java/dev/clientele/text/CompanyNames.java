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

    private CompanyNames() {
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
