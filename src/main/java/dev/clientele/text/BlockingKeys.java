package dev.clientele.text;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * The blocking keys of a customer: short strings that two records of the same customer very likely share and two
 * random records very likely do not. The index stores them and fetches candidates by them; only candidates are
 * scored by {@link MatchScorer}.
 *
 * <p>Each key starts with its kind:
 * <ul>
 *   <li>{@code n:} Double Metaphone of the last name + {@code |} + initial of the first name or of its nickname
 *       group's canonical name ("Bob Smith" → {@code n:SM0|b} and {@code n:SM0|r}); also with first and last
 *       name exchanged, so swapped names meet; a whole name in one field is read as its first and last word;</li>
 *   <li>{@code e:} normalised e-mail;</li>
 *   <li>{@code p:} national phone number;</li>
 *   <li>{@code z:} postal code + first two letters of the last or first name (catches names with typos that
 *       change the phonetic code);</li>
 *   <li>{@code a:} postal code + house number + Double Metaphone of the street name (a household);</li>
 *   <li>{@code s:} house number + street name code + initial of the last or first name (no postal code);</li>
 *   <li>{@code b:} birthday + initial of the last or first name; {@code bz:} birthday + postal code;
 *       {@code bc:} birthday + first three letters of the city (these two survive a replaced name);</li>
 *   <li>{@code c:} the company name as the scorer compares it ({@link CompanyNames#matchKey}: without legal forms,
 *       also written out, joining words read as "&amp;"), and its umlaut-expanded form; none for a name that is only
 *       a legal form; and with the letters romanisations disagree on made alike, so that a Cyrillic firm meets its
 *       Latin name romanised another way ("Жёлтый дом", "Zholtyi Dom").</li>
 * </ul>
 * Keys are folded and transliterated, so Cyrillic and Latin spellings meet. Stateless and thread-safe.
 */
public final class BlockingKeys {

    /*
     * DoubleMetaphone keeps its maximum code length in a field but never changes it while encoding, so one shared
     * instance is safe. Four characters (the default) keeps keys selective for long names.
     */
    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();
    private static final java.util.regex.Pattern NOT_ALPHANUMERIC = java.util.regex.Pattern.compile("[^a-z0-9]");

    private BlockingKeys() {
    }

    /** The keys of a customer, in a stable order; empty when the customer has nothing to block on. */
    public static Set<String> keysFor(Customer c) {
        return keysFor(c, Nicknames.load());
    }

    /** The {@code e:} key of one e-mail address (none for one without a local part). */
    public static List<String> emailKey(String email) {
        String n = Emails.normalize(email);
        return n != null && n.indexOf('@') > 0 ? List.of("e:" + n) : List.of();
    }

    /** The keys of a customer, with the given nickname list. */
    public static Set<String> keysFor(Customer c, Nicknames nicknames) {
        Set<String> keys = new LinkedHashSet<>();
        // Without titles: "Dr. Hans" is Hans (the initial h, not d).
        String first = name(PersonNames.withoutTitles(c.firstName()));
        String last = name(PersonNames.withoutTitles(c.lastName()));
        addNameKeys(keys, first, last, nicknames);
        addNameKeys(keys, last, first, nicknames);
        if ((first == null) != (last == null)) {
            // The whole name in one field ("Nagy Katalin" as the last name, the first empty, as imports leave it):
            // its first and last word as the two names, both ways round, so it meets the name written in two fields.
            List<String> words = Folding.tokens(Folding.latin(PersonNames.withoutTitles(
                    first != null ? c.firstName() : c.lastName())));
            words.removeIf(w -> name(w) == null);
            if (words.size() >= 2) {
                String a = name(words.get(0));
                String b = name(words.get(words.size() - 1));
                addNameKeys(keys, a, b, nicknames);
                addNameKeys(keys, b, a, nicknames);
            }
        }
        for (String e : c.emails()) {
            keys.addAll(emailKey(e));
        }
        Address a = c.address();
        String country = a == null ? null : a.country();
        for (String p : c.phones()) {
            // without its extension (version 21), nor a direct-dial ending (23: 030 1234567-12 as 030 1234567)
            String n = Phones.nationalNumber(Phones.number(p), country);
            if (n.length() >= 6) {
                keys.add("p:" + n);
            }
        }
        String postal = a == null || a.postalCode() == null ? null
                : NOT_ALPHANUMERIC.matcher(Folding.fold(a.postalCode())).replaceAll("");
        if (postal != null && !postal.isEmpty()) {
            if (last != null) {
                keys.add("z:" + postal + "|" + prefix(last, 2));
            }
            if (first != null) {
                keys.add("z:" + postal + "|" + prefix(first, 2));
            }
        }
        String street = a == null ? null : streetKey(a.street());
        if (postal != null && !postal.isEmpty() && street != null) {
            keys.add("a:" + postal + "|" + street);
        }
        if (street != null) {
            // Without the postal code, which is often mistyped; a name initial keeps the block small.
            if (last != null) {
                keys.add("s:" + street + "|" + last.charAt(0));
            }
            if (first != null) {
                keys.add("s:" + street + "|" + first.charAt(0));
            }
        }
        // A city by its canonical name, so Wien and Bécs (the same city in Hungarian) share the key.
        String city = a == null || a.city() == null ? null : name(CityNames.load().canonical(a.city(), a.country()));
        if (c.birthday() != null) {
            String day = c.birthday().toString().replace("-", "");
            if (postal != null && !postal.isEmpty()) {
                keys.add("bz:" + day + "|" + postal);
            }
            if (city != null) {
                keys.add("bc:" + day + "|" + prefix(city, 3));
            }
            if (last != null) {
                keys.add("b:" + day + "|" + last.charAt(0));
            }
            if (first != null) {
                keys.add("b:" + day + "|" + first.charAt(0));
            }
        }
        // The scorer's company key (schema version 19; before, legal forms written out and "és" for "&" kept two
        // names of one firm in two blocks, and firms with nothing else in common were never compared).
        for (String key : CompanyNames.blockingKeys(c.company())) {
            keys.add("c:" + key);
        }
        return keys;
    }

    private static void addNameKeys(Set<String> keys, String given, String family, Nicknames nicknames) {
        if (given == null || family == null) {
            return;
        }
        String primary = METAPHONE.doubleMetaphone(family, false);
        String alternate = METAPHONE.doubleMetaphone(family, true);
        Set<Character> initials = new LinkedHashSet<>();
        initials.add(given.charAt(0));
        for (String canonical : nicknames.canonical(given)) {
            initials.add(canonical.charAt(0));
        }
        for (char initial : initials) {
            if (primary != null && !primary.isEmpty()) {
                keys.add("n:" + primary + "|" + initial);
            }
            if (alternate != null && !alternate.isEmpty() && !alternate.equals(primary)) {
                keys.add("n:" + alternate + "|" + initial);
            }
        }
    }

    /** Folded, transliterated letters only; null when nothing is left. */
    private static String name(String raw) {
        if (raw == null) {
            return null;
        }
        String latin = Folding.latin(raw);
        StringBuilder sb = new StringBuilder(latin.length());
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            if (c >= 'a' && c <= 'z') {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /**
     * House number + Double Metaphone of the first street word that is not a street type nor a single letter ("16
     * Wade Street" → "16|AT"; "ул. Ленина, д. 5", "улица Ленина 5" and "б-р Ленина 5" all → "5|LNN"), or null.
     * Before schema version 19 a type written first was the word, so "ул. Ленина 5" and "ул. Гагарина 5" shared a key
     * and "улица Ленина 5" did not; before 20 so were мкр., наб., туп. and проезд, and мкр-н was read as мкр; before
     * 21 a Cyrillic word was looked up romanised, so one spelling a Latin type (ст. as St) was no name; before 22
     * Sankt, Szent and Szt. were words of their own, so "Sankt-Georg-Straße 4" and "St.-Georg-Str. 4" had two keys.
     */
    private static String streetKey(String street) {
        if (street == null) {
            return null;
        }
        String number = null;
        String word = null;
        // Each word read in its own script, as matching reads it (стр. is a building, not Straße); a hyphenated
        // abbreviation (мкр-н, пр-д) as the type it stands for, not as two one-letter words and a name. Words are
        // transliterated one by one: street names repeat, so Folding's cache holds them, where whole lines miss it.
        for (StreetTypes.Word w : StreetTypes.read(street)) {
            if (w.isNumber()) {
                number = number == null ? w.text() : number;
            } else if (word == null && Character.isLetter(w.text().charAt(0)) && w.written().length() > 1
                    && !w.isType()) {
                // A one-letter word is an abbreviation (u., д.) or a building's letter, never the street's name.
                word = w.text();
            }
        }
        if (number == null || word == null) {
            return null;
        }
        String code = METAPHONE.doubleMetaphone(word);
        return code == null || code.isEmpty() ? null : number + "|" + code;
    }

    private static String prefix(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
