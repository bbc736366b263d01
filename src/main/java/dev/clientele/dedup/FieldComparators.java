package dev.clientele.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.clientele.customer.Address;
import dev.clientele.customer.Gender;
import dev.clientele.text.CityNames;
import dev.clientele.text.CompanyNames;
import dev.clientele.text.Emails;
import dev.clientele.text.Folding;
import dev.clientele.text.Nicknames;
import dev.clientele.text.PersonNames;
import dev.clientele.text.Phones;
import dev.clientele.text.StreetTypes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Compares one field of two customers and returns a calibrated {@link FieldComparison}: names (nickname-,
 * initial- and transliteration-aware), e-mails, phones, addresses, birthdays and company names.
 *
 * <p>Every comparator maps its raw measure (Jaro-Winkler, digit equality, ...) to a similarity whose meaning is
 * shared by all fields: 1 = agrees as well as it can, 0.5 = no evidence, 0 = clearly different. Keeping that
 * calibration here lets {@link MatchScorer} treat every field alike. Immutable and thread-safe.
 */
public final class FieldComparators {
    private static final CityNames CITY_NAMES = CityNames.load();

    private final Nicknames nicknames;
    /*
     * Names repeat (a scan compares each customer with up to 20 others, and given names come from short lists), and
     * folding and transliterating them was the costliest part of a comparison: each distinct name is folded once.
     */
    private final Cache<String, NameForms> nameForms = Caffeine.newBuilder().maximumSize(100_000).build();

    public FieldComparators(Nicknames nicknames) {
        this.nicknames = Objects.requireNonNull(nicknames, "nicknames");
    }

    /** First and last name compared together, so that a swapped order is recognised. */
    public record NameComparison(FieldComparison firstName, FieldComparison lastName) {
    }

    /**
     * Compares first and last names in the given order and crosswise (first against last). When the crosswise
     * reading agrees clearly better (Hungarian name order, a form filled in the wrong way round, a surname typed
     * into the first-name field while the other is empty) the crosswise comparisons are reported, the agreeing
     * ones as {@link Agreement#SWAPPED}.
     */
    public NameComparison names(String firstA, String lastA, String firstB, String lastB) {
        FieldComparison first = firstName(firstA, firstB);
        FieldComparison last = lastName(lastA, lastB);
        double straight = first.similarity() + last.similarity();
        double straightBest = Math.max(first.isMissing() ? 0 : first.similarity(),
                last.isMissing() ? 0 : last.similarity());
        if (straightBest >= 0.6) {
            return new NameComparison(first, last);
        }
        // Which side is swapped is unknown, so each crosswise pair may be two given names or two family names.
        FieldComparison crossFirst = givenOrFamily(firstA, lastB);
        FieldComparison crossLast = givenOrFamily(lastA, firstB);
        double crossBest = Math.max(crossFirst.isMissing() ? 0 : crossFirst.similarity(),
                crossLast.isMissing() ? 0 : crossLast.similarity());
        if (crossBest >= 0.85 && crossFirst.similarity() + crossLast.similarity() > straight + 0.4) {
            return new NameComparison(swapped(crossFirst), swapped(crossLast));
        }
        return new NameComparison(first, last);
    }

    private FieldComparison givenOrFamily(String a, String b) {
        FieldComparison given = firstName(a, b);
        FieldComparison family = lastName(a, b);
        return given.similarity() >= family.similarity() ? given : family;
    }

    private static FieldComparison swapped(FieldComparison c) {
        if (c.isMissing() || c.similarity() < 0.5) {
            return c;
        }
        // A small discount: a swap is an extra explanation we had to assume.
        return new FieldComparison(c.left(), c.right(), c.similarity() * 0.95, Agreement.SWAPPED);
    }

    /**
     * A given name: exact, nickname, initial, several given names, or fuzzy. A Hungarian married woman's husband's
     * name ({@link #isHusbandsName}: Jánosné) against a given name says nothing of hers ({@link Agreement#MISSING}),
     * but against his own (János) names two people, a wife and her husband ({@link Agreement#DIFFERENT}).
     */
    public FieldComparison firstName(String a, String b) {
        if (blank(a) || blank(b)) {
            return FieldComparison.missing(a, b);
        }
        boolean husbandsA = isHusbandsName(a);
        if (oneHusbandsName(a, b)) {
            String husband = husbandsA ? a.strip() : b.strip();
            String other = husbandsA ? b : a;
            String his = husband.substring(0, husband.length() - 2);
            return personName(his, other, true).similarity() >= 0.9 || nicknames.areEquivalent(his, other)
                    ? new FieldComparison(a, b, 0.0, Agreement.DIFFERENT) : FieldComparison.missing(a, b);
        }
        FieldComparison whole = personName(a, b, true);
        if (whole.similarity() >= 0.9 || numbersDiffer(a, b)) {
            return whole;
        }
        // Several given names ("Anna Maria" vs "Anna"): one shared given name is good but not full evidence.
        List<String> ta = Similarity.tokens(Folding.latin(PersonNames.withoutTitles(a)));
        List<String> tb = Similarity.tokens(Folding.latin(PersonNames.withoutTitles(b)));
        if (ta.size() > 1 || tb.size() > 1) {
            for (String x : ta) {
                for (String y : tb) {
                    FieldComparison part = personName(x, y, true);
                    if (part.similarity() >= 0.9) {
                        return new FieldComparison(a, b, 0.8, Agreement.PARTIAL);
                    }
                }
            }
        }
        return whole;
    }

    /** A family name: exact, transliterated, umlaut-expanded, or fuzzy. */
    public FieldComparison lastName(String a, String b) {
        if (blank(a) || blank(b)) {
            return FieldComparison.missing(a, b);
        }
        FieldComparison whole = personName(a, b, false);
        if (whole.similarity() >= 0.9 || numbersDiffer(a, b)) {
            return whole;
        }
        // Double-barrelled names: "Schmidt-Weber" vs "Schmidt".
        List<String> ta = Similarity.tokens(Folding.latin(PersonNames.withoutTitles(a)));
        List<String> tb = Similarity.tokens(Folding.latin(PersonNames.withoutTitles(b)));
        if ((ta.size() > 1 || tb.size() > 1) && (ta.containsAll(tb) || tb.containsAll(ta))) {
            return new FieldComparison(a, b, 0.8, Agreement.PARTIAL);
        }
        return whole;
    }

    private FieldComparison personName(String a, String b, boolean given) {
        NameForms na = nameForms.get(a, NameForms::of);
        NameForms nb = nameForms.get(b, NameForms::of);
        String la = na.letters();
        String lb = nb.letters();
        if (la.isEmpty() || lb.isEmpty()) {
            return FieldComparison.missing(a, b);
        }
        if (numbersDiffer(a, b)) {
            // A firm's name in the name fields ("Studio 54", "Unit 2"): its letters alone would be one name.
            return new FieldComparison(a, b, 0.0, Agreement.DIFFERENT);
        }
        if (la.equals(lb)) {
            boolean sameScript = na.nonLatin() == nb.nonLatin();
            return new FieldComparison(a, b, 1.0, sameScript || na.folded().equals(nb.folded()) ? Agreement.EXACT
                    : Agreement.TRANSLITERATION);
        }
        if (na.germanLetters().equals(nb.germanLetters()) || na.slavic().equals(nb.slavic())) {
            return new FieldComparison(a, b, 0.97, Agreement.TRANSLITERATION);
        }
        if (given && nicknames.areEquivalent(la, lb)) {
            return new FieldComparison(a, b, 0.9, Agreement.NICKNAME);
        }
        if (given && (isInitial(a) || isInitial(b))) {
            boolean fits = la.charAt(0) == lb.charAt(0);
            // An initial that fits is weak evidence (many names share it); one that does not is strong against.
            return new FieldComparison(a, b, fits ? 0.65 : 0.1, fits ? Agreement.INITIAL : Agreement.DIFFERENT);
        }
        double jw = Math.max(Similarity.jaroWinkler(la, lb),
                Similarity.jaroWinkler(na.germanLetters(), nb.germanLetters()));
        if (!na.slavic().equals(la) || !nb.slavic().equals(lb)) {
            jw = Math.max(jw, Similarity.jaroWinkler(na.slavic(), nb.slavic()));
        }
        double sim = fuzzy(jw, 0.7);
        return new FieldComparison(a, b, sim, sim >= 0.5 ? Agreement.FUZZY : Agreement.DIFFERENT);
    }

    /**
     * Whether two people are of one gender: by the gender field when both records have one (male or female;
     * "diverse" says nothing either way), else by the names, when one is the female form of the other: Jan / Jana,
     * Mario / Maria, Евгений / Евгения, Novák / Nováková, Svoboda / Svobodová, Novotný / Novotná, Kowalski /
     * Kowalska, Иванов / Иванова, Толстой / Толстая, and the Hungarian married woman's -né (Kovács / Kovácsné,
     * János / Jánosné). A family name in both forms is not counted when the given names agree: "Jana Novák" is
     * "Jana Nováková" with the form a foreign register wrote, not her brother; unless the given name does not tell
     * the gender (an initial, or a name men and women bear: Sasha, Женя, Kim), so "Sasha Ivanov" and "Sasha
     * Ivanova" are told apart by the family name as "Jan Novák" and "Jana Nováková" are.
     * {@link Agreement#DIFFERENT} when the genders differ, {@link Agreement#EXACT} when both fields say the same,
     * else {@link Agreement#MISSING}; the similarity is only what it means (1, 0.5, 0): the scorer gives gender no
     * weight of its own but lets a difference cap the pair (see {@link MatchScorer}).
     */
    public FieldComparison gender(Gender genderA, String firstA, String lastA, Gender genderB, String firstB,
            String lastB) {
        boolean knownA = genderA == Gender.MALE || genderA == Gender.FEMALE;
        boolean knownB = genderB == Gender.MALE || genderB == Gender.FEMALE;
        if (knownA && knownB) {
            return genderA == genderB ? new FieldComparison(genderA.wire(), genderB.wire(), 1.0, Agreement.EXACT)
                    : new FieldComparison(genderA.wire(), genderB.wire(), 0.0, Agreement.DIFFERENT);
        }
        String shownA = knownA ? genderA.wire() : null;
        String shownB = knownB ? genderB.wire() : null;
        if (!blank(firstA) && !blank(firstB) && !nicknames.areEquivalent(firstA, firstB)) {
            String fa = nameForms.get(firstA, NameForms::of).slavic();
            String fb = nameForms.get(firstB, NameForms::of).slavic();
            if (femaleForm(fb, fa, true) || femaleForm(fa, fb, true)) {
                return new FieldComparison(firstA, firstB, 0.0, Agreement.DIFFERENT);
            }
        }
        if (!blank(lastA) && !blank(lastB)) {
            String la = nameForms.get(lastA, NameForms::of).slavic();
            String lb = nameForms.get(lastB, NameForms::of).slavic();
            boolean married = la.equals(lb + "ne") || lb.equals(la + "ne");
            boolean sameGiven = !blank(firstA) && !blank(firstB) && (nicknames.areEquivalent(firstA, firstB)
                    || nameForms.get(firstA, NameForms::of).letters()
                            .equals(nameForms.get(firstB, NameForms::of).letters()));
            // One given name is one person only when it tells the gender: a Sasha Ivanov and a Sasha Ivanova, a Kim
            // Novák and a Kim Nováková are as likely a brother and sister as one person.
            boolean oneGender = sameGiven && tellsGender(firstA) && tellsGender(firstB);
            if ((married || !oneGender) && (femaleForm(lb, la, false) || femaleForm(la, lb, false))) {
                return new FieldComparison(lastA, lastB, 0.0, Agreement.DIFFERENT);
            }
        }
        return FieldComparison.missing(shownA, shownB);
    }

    /**
     * Given names that men and women bear alike (folded letters): the Russian short forms of Alexander and Alexandra,
     * Yevgeny and Yevgenia, Valentin and Valentina, Vyacheslav and Yaroslava (in their romanisations), and names
     * given to both in the languages the customers speak. One of them shared by two records says nothing about the
     * gender, so a family name in its male and female forms does.
     */
    private static final Set<String> UNISEX_GIVEN_NAMES = Set.of("sasha", "sascha", "sacha", "sanya", "sanja",
            "shura", "schura", "zhenya", "zhenja", "zhenia", "jenya", "schenja", "valya", "valja", "walja", "slava",
            "slawa", "kim", "robin", "andrea", "toni", "alex", "chris", "sam", "jo", "charlie", "jamie", "jordan",
            "taylor", "morgan", "kai", "luca", "nikola", "jean", "dominique", "camille", "claude", "maxi", "mika");

    /** Whether a given name tells its bearer's gender: not an initial, nor a name men and women bear alike. */
    private boolean tellsGender(String given) {
        return !isInitial(given) && !UNISEX_GIVEN_NAMES.contains(nameForms.get(given, NameForms::of).letters());
    }

    /** Female given names that are another female name with an "a" added (Christin / Christina): not a pair. */
    private static final Set<String> FEMALE_WITHOUT_A = Set.of("christin", "kristin", "karolin", "carolin", "jasmin",
            "katrin", "kathrin", "catrin", "corin", "madlen", "janin", "nadin", "doreen", "karin", "kerstin");

    /** True when {@code f} is the female form of the name {@code m} (folded letters); see {@link #gender}. */
    static boolean femaleForm(String f, String m, boolean given) {
        if (m.length() < 2 || f.length() <= m.length() - 2) {
            return false;
        }
        if (m.length() >= 3 && f.equals(m + "ne")) {
            return true; // Hungarian: Kovácsné is Mrs Kovács, Jánosné Mrs János (Kovács)
        }
        char last = m.charAt(m.length() - 1);
        if (given) {
            return f.equals(m + "a") && !isVowel(last) && !FEMALE_WITHOUT_A.contains(m) // Jan, Martin, Ivan
                    || last == 'o' && m.length() >= 4 && f.equals(stem(m, 1) + "a") // Mario, Antonio
                    || (m.endsWith("iy") || m.endsWith("ij") || m.endsWith("ii")) && m.length() >= 5
                    && (f.equals(stem(m, 2) + "iya") || f.equals(stem(m, 2) + "ia")); // Евгений, Valeriy
        }
        if (m.length() < 3) {
            return false;
        }
        return f.equals(m + "ova") && !isVowel(last) // Novák / Nováková
                || last == 'a' && f.equals(stem(m, 1) + "ova") // Svoboda / Svobodová
                || f.equals(m + "a") && (m.endsWith("ov") || m.endsWith("ev") || m.endsWith("in")
                        || m.endsWith("yn")) // Иванов / Иванова, Пушкин / Пушкина
                || last == 'y' && m.length() >= 4 && f.equals(stem(m, 1) + "a") // Novotný / Novotná, Dvorsky
                || (m.endsWith("ski") || m.endsWith("cki") || m.endsWith("zki")) && f.equals(stem(m, 1) + "a")
                || f.endsWith("aya") && adjectivalStem(m) != null && f.equals(adjectivalStem(m) + "aya");
    }

    /** The stem of a Russian adjectival family name (Толстой, Достоевский), or null. */
    private static String adjectivalStem(String m) {
        for (String ending : new String[] {"iy", "ij", "ii", "yy", "yj", "oy", "oj", "oi", "y"}) {
            if (m.endsWith(ending) && m.length() - ending.length() >= 3) {
                return stem(m, ending.length());
            }
        }
        return null;
    }

    private static String stem(String s, int drop) {
        return s.substring(0, s.length() - drop);
    }

    private static boolean isVowel(char c) {
        return "aeiouy".indexOf(c) >= 0;
    }

    /** True when both names hold numbers and the numbers differ. */
    private boolean numbersDiffer(String a, String b) {
        String x = nameForms.get(a, NameForms::of).numbers();
        String y = nameForms.get(b, NameForms::of).numbers();
        return !x.isEmpty() && !y.isEmpty() && !x.equals(y);
    }

    /** The spellings of one name that {@link #personName} compares. */
    private record NameForms(String folded, String letters, String germanLetters, String slavic, boolean nonLatin,
            String numbers) {
        static NameForms of(String written) {
            // "Dr. Hans" is Hans: a title in a name field is not part of the name.
            String name = PersonNames.withoutTitles(written);
            String letters = FieldComparators.letters(Folding.latin(name));
            return new NameForms(Folding.fold(name), letters, FieldComparators.letters(Folding.foldGerman(name)),
                    slavic(letters), Folding.hasNonLatinLetter(name), FieldComparators.numbers(name));
        }

        /**
         * A Russian or Ukrainian name romanised the German way ("Iwanow", "Schewtschenko", "Sergej", as German
         * documents of Russian Germans have them) brought to the English way the Cyrillic is transliterated to
         * ("Ivanov", "Shevchenko", "Sergey").
         */
        private static String slavic(String letters) {
            return letters.replace("tsch", "ch").replace("sch", "sh").replace('w', 'v').replace('j', 'y');
        }
    }

    /**
     * Maps a Jaro-Winkler value to the shared scale: {@code floor} and below is clear disagreement (0), 1 stays 1,
     * linear in between. Random different names score 0.4–0.7 in Jaro-Winkler, one typo 0.9 or more, hence a floor
     * around 0.7 for names (stricter for streets and companies, whose words share more letters).
     */
    static double fuzzy(double jw, double floor) {
        if (jw <= floor) {
            return 0.0;
        }
        // The 0.95 cap keeps a fuzzy match below a normalised exact one.
        return Math.min(0.95, (jw - floor) / (1.0 - floor));
    }

    /** Any shared e-mail after normalisation; else same personal local part, or one typo. */
    public FieldComparison emails(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return FieldComparison.missing(first(a), first(b));
        }
        FieldComparison best = null;
        for (String x : a) {
            String nx = Emails.normalize(x);
            for (String y : b) {
                String ny = Emails.normalize(y);
                if (nx == null || ny == null) {
                    continue;
                }
                FieldComparison c;
                if (nx.equals(ny)) {
                    return new FieldComparison(x, y, 1.0, Agreement.EXACT);
                } else if (Math.min(nx.length(), ny.length()) >= 8 && !isRoleAddress(nx)
                        && (Similarity.oneEdit(nx, ny) || isTransposition(nx, ny))) {
                    c = new FieldComparison(x, y, 0.85, Agreement.FUZZY);
                } else if (samePersonalLocalPart(nx, ny)) {
                    c = new FieldComparison(x, y, 0.75, Agreement.PARTIAL);
                } else {
                    c = new FieldComparison(x, y, 0.0, Agreement.DIFFERENT);
                }
                if (best == null || c.similarity() > best.similarity()) {
                    best = c;
                }
            }
        }
        return best == null ? FieldComparison.missing(first(a), first(b)) : best;
    }

    /** True for info@, office@ and the like: shared by everyone at a firm, and alike across firms. */
    private static boolean isRoleAddress(String normalized) {
        return Emails.isRoleLocalPart(normalized.substring(0, Math.max(0, normalized.lastIndexOf('@'))));
    }

    private static boolean samePersonalLocalPart(String a, String b) {
        String la = a.substring(0, Math.max(0, a.lastIndexOf('@')));
        String lb = b.substring(0, Math.max(0, b.lastIndexOf('@')));
        return la.length() >= 5 && la.equals(lb) && !Emails.isRoleLocalPart(la);
    }

    /**
     * Any shared phone by national number (each side read with its own country; an extension is no part of it, so
     * a number with and without its extension is one number, and two extensions of one number partly agree: one
     * switchboard, two lines, shown in the values compared); else same last 7 digits, or one wrong digit.
     */
    public FieldComparison phones(List<String> a, String countryA, List<String> b, String countryB) {
        if (a.isEmpty() || b.isEmpty()) {
            return FieldComparison.missing(first(a), first(b));
        }
        FieldComparison best = null;
        for (String x : a) {
            String nx = Phones.nationalNumber(Phones.number(x), countryA);
            String ex = Phones.extension(x);
            for (String y : b) {
                String ny = Phones.nationalNumber(Phones.number(y), countryB);
                if (nx.length() < 5 || ny.length() < 5) {
                    continue;
                }
                FieldComparison c;
                String ey = Phones.extension(y);
                if (nx.equals(ny) && (ex == null || ey == null || ex.equals(ey))) {
                    return new FieldComparison(x, y, 1.0, Agreement.EXACT);
                } else if (nx.equals(ny)) {
                    c = new FieldComparison(x, y, 0.85, Agreement.PARTIAL);
                } else if (nx.length() >= 7 && ny.length() >= 7
                        && Phones.trailingDigits(nx, 7).equals(Phones.trailingDigits(ny, 7))) {
                    c = new FieldComparison(x, y, 0.85, Agreement.PARTIAL);
                } else if (nx.length() == ny.length() && nx.length() >= 7 && Similarity.oneEdit(nx, ny)) {
                    c = new FieldComparison(x, y, 0.6, Agreement.FUZZY);
                } else {
                    c = new FieldComparison(x, y, 0.0, Agreement.DIFFERENT);
                }
                if (best == null || c.similarity() > best.similarity()) {
                    best = c;
                }
            }
        }
        return best == null ? FieldComparison.missing(first(a), first(b)) : best;
    }

    /**
     * Street (house numbers strictly, street words loosely), postal code and city combined into one similarity.
     * They are one field for the scorer because they are strongly correlated: counting them as three independent
     * pieces of evidence would let a shared address outvote everything else.
     */
    public FieldComparison address(Address a, Address b) {
        String shownA = describe(a);
        String shownB = describe(b);
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return FieldComparison.missing(shownA, shownB);
        }
        if (!blank(a.country()) && !blank(b.country()) && !a.country().equalsIgnoreCase(b.country())) {
            return new FieldComparison(shownA, shownB, 0.0, Agreement.DIFFERENT);
        }
        double sum = 0;
        double weights = 0;
        double street = street(a.street(), b.street());
        if (street >= 0) {
            sum += 0.5 * street;
            weights += 0.5;
        }
        if (!blank(a.postalCode()) && !blank(b.postalCode())) {
            String pa = letters(Folding.fold(a.postalCode()).replace(" ", ""), true);
            String pb = letters(Folding.fold(b.postalCode()).replace(" ", ""), true);
            double postal = pa.equals(pb) ? 1.0
                    : Similarity.oneEdit(pa, pb) || isTransposition(pa, pb) ? 0.5 : 0.0;
            sum += 0.3 * postal;
            weights += 0.3;
        }
        if (!blank(a.city()) && !blank(b.city())) {
            double city = fuzzy(Similarity.jaroWinkler(Folding.latin(a.city()), Folding.latin(b.city())), 0.75);
            if (Folding.latin(a.city()).equals(Folding.latin(b.city()))
                    || CITY_NAMES.sameCity(a.city(), a.country(), b.city(), b.country())) {
                city = 1.0; // also one city by two of its names: Wien and Vienna, Москва and Moscow
            }
            sum += 0.2 * city;
            weights += 0.2;
        }
        if (weights == 0) {
            return FieldComparison.missing(shownA, shownB);
        }
        double sim = sum / weights;
        // How the values relate, told before the city-only discount below: "Budapest" and "Budapest" are exact.
        Agreement agreement = sim >= 0.999 ? Agreement.EXACT : sim >= 0.5 ? Agreement.FUZZY : Agreement.DIFFERENT;
        if (weights < 0.25) {
            // Only the city is known on both sides: a town has many residents, so a shared one is halved towards
            // "no evidence". Two different towns say more (two namesakes in Moscow and Kazan are most likely two
            // people), though people move, so that evidence is reduced by a quarter only.
            sim = 0.5 + (sim - 0.5) * (sim >= 0.5 ? 0.5 : 0.75);
        }
        return new FieldComparison(shownA, shownB, Math.min(1.0, sim), agreement);
    }

    /** Street-name agreement from which two known types of different kinds tell two streets apart. */
    private static final double SAME_STREET_NAME = 0.9;

    /**
     * Street similarity in 0..1, or -1 when a street is missing. One name with known street types of different
     * kinds ({@code Rózsa köz} and {@code Rózsa u.}, {@code Hauptstraße} and {@code Hauptplatz}, {@code Main St} and
     * {@code Main Rd}) is two streets, often side by side: the names count for nothing, as two names would, and
     * the address agrees at most partly (its postal code and city); a type written out and abbreviated
     * ({@code u.}, {@code utca}) is one kind.
     */
    private static double street(String a, String b) {
        if (blank(a) || blank(b)) {
            return -1;
        }
        StreetParts pa = StreetParts.of(a);
        StreetParts pb = StreetParts.of(b);
        double words;
        if (pa.words().isEmpty() || pb.words().isEmpty()) {
            words = 0.5;
        } else {
            // Compare from the shorter side: a missing building name or district should not count against.
            List<String> shorter = pa.words().size() <= pb.words().size() ? pa.words() : pb.words();
            List<String> longer = shorter == pa.words() ? pb.words() : pa.words();
            double sum = 0;
            for (String x : shorter) {
                double best = 0;
                for (String y : longer) {
                    best = Math.max(best, x.equals(y) ? 1.0 : fuzzy(Similarity.jaroWinkler(x, y), 0.8));
                }
                sum += best;
            }
            words = sum / shorter.size();
            if (words >= SAME_STREET_NAME && !pa.kinds().isEmpty() && !pb.kinds().isEmpty()
                    && java.util.Collections.disjoint(pa.kinds(), pb.kinds())) {
                // One name, two kinds of street: two streets. Where the names differ already, the types add nothing
                // (a street replaced by another keeps its district's words: "Nelson Pl, Blue Hills", "Pullen St").
                words = 0;
            }
        }
        if (pa.numbers().isEmpty() || pb.numbers().isEmpty()) {
            return words * 0.9;
        }
        boolean sharedNumber = false;
        boolean closeNumber = false;
        for (String x : pa.numbers()) {
            for (String y : pb.numbers()) {
                sharedNumber |= x.equals(y);
                closeNumber |= x.equals(y) || Similarity.oneEdit(x, y);
            }
        }
        // A different house number in the same street is a different household.
        return sharedNumber ? words : closeNumber ? words * 0.6 : words * 0.2;
    }

    /**
     * A street line's house numbers, its name words (street types left out, being abbreviated in every possible
     * way: u., utca; ул., улица, ulitsa; a German compound's type cut off: Hauptstraße as haupt) and the kinds of
     * its types, each word read in its own script ({@link StreetTypes#read}: стр. is a building, not Straße).
     */
    private record StreetParts(List<String> numbers, List<String> words, Set<String> kinds) {
        static StreetParts of(String street) {
            List<String> numbers = new ArrayList<>();
            List<String> words = new ArrayList<>();
            Set<String> kinds = new java.util.HashSet<>();
            for (StreetTypes.Word w : StreetTypes.read(street)) {
                if (w.isNumber()) {
                    numbers.add(w.text());
                } else if (!w.isType()) {
                    words.add(w.name());
                }
                kinds.addAll(w.kinds());
            }
            return new StreetParts(numbers, words, kinds);
        }
    }

    /** Equal dates; else day and month swapped, or one wrong digit (a typo in yyyymmdd). */
    public FieldComparison birthday(LocalDate a, LocalDate b) {
        String sa = a == null ? null : a.toString();
        String sb = b == null ? null : b.toString();
        if (a == null || b == null) {
            return FieldComparison.missing(sa, sb);
        }
        if (a.equals(b)) {
            return new FieldComparison(sa, sb, 1.0, Agreement.EXACT);
        }
        if (a.getYear() == b.getYear() && a.getDayOfMonth() == b.getMonthValue()
                && a.getMonthValue() == b.getDayOfMonth()) {
            return new FieldComparison(sa, sb, 0.85, Agreement.SWAPPED);
        }
        String da = sa.replace("-", "");
        String db = sb.replace("-", "");
        int distance = Similarity.levenshtein(da, db);
        if (distance == 1 || distance == 2 && isTransposition(da, db)) {
            return new FieldComparison(sa, sb, 0.8, Agreement.FUZZY);
        }
        return new FieldComparison(sa, sb, 0.0, Agreement.DIFFERENT);
    }

    private static boolean isTransposition(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = -1;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (first < 0) {
                    first = i;
                } else {
                    return i == first + 1 && a.charAt(first) == b.charAt(i) && a.charAt(i) == b.charAt(first)
                            && a.substring(i + 1).equals(b.substring(i + 1));
                }
            }
        }
        return false;
    }

    /** Company names without legal forms, with and without umlaut expansion, exact or fuzzy. */
    public FieldComparison company(String a, String b) {
        if (blank(a) || blank(b)) {
            return FieldComparison.missing(a, b);
        }
        String ka = CompanyNames.matchKey(a);
        String kb = CompanyNames.matchKey(b);
        if (ka.isEmpty() || kb.isEmpty()) {
            return FieldComparison.missing(a, b);
        }
        if (ka.equals(kb)) {
            boolean sameScript = Folding.hasNonLatinLetter(a) == Folding.hasNonLatinLetter(b);
            return new FieldComparison(a, b, 1.0, sameScript ? Agreement.EXACT : Agreement.TRANSLITERATION);
        }
        String ga = CompanyNames.germanMatchKey(a);
        String gb = CompanyNames.germanMatchKey(b);
        if (!numbers(ka).equals(numbers(kb)) && !numbers(ka).isEmpty() && !numbers(kb).isEmpty()) {
            // "Unit 2" and "Unit 3", "Studio54" and "Studio45", "Filiale 12" and "Filiale 13": numbered firms and
            // branches are alike in every letter, so the string measures below called them one; their numbers say not.
            return new FieldComparison(a, b, 0.0, Agreement.DIFFERENT);
        }
        if (ga.equals(gb) || ga.equals(kb) || ka.equals(gb)) {
            return new FieldComparison(a, b, 0.97, Agreement.TRANSLITERATION);
        }
        if (Folding.hasNonLatinLetter(a) != Folding.hasNonLatinLetter(b)
                && Objects.equals(CompanyNames.romanisationKey(a), CompanyNames.romanisationKey(b))) {
            // A Cyrillic name and its Latin form romanised otherwise than Folding does (Жёлтый: Zholtyi, Соловей:
            // Solovei): the string measures below called "zheltyy" and "zholtyi" two names.
            return new FieldComparison(a, b, 0.95, Agreement.TRANSLITERATION);
        }
        double jw = Math.max(Similarity.jaroWinkler(ka, kb), Similarity.jaroWinkler(ga, gb));
        double tokens = Similarity.mongeElkan(Similarity.tokens(ka), Similarity.tokens(kb));
        double sim = fuzzy(Math.min(jw, tokens), 0.85);
        return new FieldComparison(a, b, sim, sim >= 0.5 ? Agreement.FUZZY : Agreement.DIFFERENT);
    }

    /** The runs of digits in a text, in order, one space after each ("Filiale 12 Haus 3" → "12 3 "). */
    private static String numbers(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                sb.append(c);
            } else if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ' ') {
                sb.append(' ');
            }
        }
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ' ') {
            sb.append(' ');
        }
        return sb.toString();
    }

    /**
     * Website domains, compared by the firm's own domain: the host without scheme, path, port and subdomains
     * ({@code https://shop.mueller.de/kontakt} is {@code mueller.de}; {@code co.uk}, {@code com.au} and the like
     * count as one suffix). Equal own domains are {@link Agreement#EXACT}; one name under two top-level domains
     * ({@code mueller.de}, {@code mueller.at}: a firm's second domain or a chain's firm abroad) is
     * {@link Agreement#PARTIAL} at 0.5, no evidence either way; others {@link Agreement#DIFFERENT}. Social networks
     * and free hosting ({@code facebook.com/…}, {@code linkedin.com/company/…}, {@code sites.google.com/…},
     * {@code ….wixsite.com}) are no one's own domain: missing.
     */
    public FieldComparison website(String a, String b) {
        String da = ownDomain(a);
        String db = ownDomain(b);
        if (da == null || db == null) {
            return FieldComparison.missing(a, b);
        }
        if (da.equals(db)) {
            return new FieldComparison(a, b, 1.0, Agreement.EXACT);
        }
        String na = da.substring(0, da.indexOf('.'));
        String nb = db.substring(0, db.indexOf('.'));
        return na.equals(nb) ? new FieldComparison(a, b, 0.5, Agreement.PARTIAL)
                : new FieldComparison(a, b, 0.0, Agreement.DIFFERENT);
    }

    /**
     * Domains whose sites are pages of many firms (social networks, free hosting, directories, link pages), by
     * their registrable domain: a shared one says nothing about who the firm is.
     */
    private static final Set<String> SHARED_HOSTS = Set.of("facebook.com", "fb.com", "fb.me", "instagram.com",
            "linkedin.com", "xing.com", "twitter.com", "x.com", "youtube.com", "tiktok.com", "pinterest.com",
            "vk.com", "ok.ru", "t.me", "telegram.me", "google.com", "goo.gl", "g.page", "business.site",
            "wixsite.com", "wix.com", "wordpress.com", "blogspot.com", "blogger.com", "jimdo.com", "jimdofree.com",
            "jimdosite.com", "weebly.com", "webnode.com", "webnode.hu", "webnode.cz", "squarespace.com", "tumblr.com",
            "github.io", "gitlab.io", "netlify.app", "vercel.app", "carrd.co", "linktr.ee", "about.me", "tilda.ws",
            "narod.ru", "ucoz.ru", "yandex.ru", "mystrikingly.com", "yelp.com", "gelbeseiten.de", "dasoertliche.de",
            "cylex.de", "tripadvisor.com", "booking.com", "ebay.com", "ebay.de", "amazon.com", "amazon.de",
            "etsy.com", "gmail.com", "freemail.hu", "mail.ru", "web.de", "gmx.de", "gmx.net", "t-online.de");

    /** Second-level labels that, under a two-letter country domain, are part of the suffix: {@code co.uk}. */
    private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "org", "net", "ac", "gov", "edu", "ltd",
            "plc", "or", "ne", "gv", "biz", "info", "nom", "msk", "spb");

    /** The registrable domain of a website's host, or null when there is none or it is a {@link #SHARED_HOSTS} one. */
    private static String ownDomain(String url) {
        String h = host(url);
        if (h == null) {
            return null;
        }
        String[] labels = h.split("\\.");
        int n = labels.length;
        int keep = n >= 3 && labels[n - 1].length() == 2 && SECOND_LEVEL.contains(labels[n - 2]) ? 3 : 2;
        if (n < keep) {
            return null; // a suffix alone ("co.uk")
        }
        String domain = String.join(".", java.util.Arrays.copyOfRange(labels, n - keep, n));
        return domain.startsWith(".") || SHARED_HOSTS.contains(domain) ? null : domain;
    }

    private static String host(String url) {
        if (blank(url)) {
            return null;
        }
        String h = url.strip().toLowerCase(java.util.Locale.ROOT);
        int scheme = h.indexOf("://");
        h = scheme >= 0 ? h.substring(scheme + 3) : h;
        int end = 0;
        while (end < h.length() && "/?#:".indexOf(h.charAt(end)) < 0) {
            end++;
        }
        h = h.substring(0, end);
        int user = h.lastIndexOf('@'); // user@host
        h = user >= 0 ? h.substring(user + 1) : h;
        h = h.startsWith("www.") ? h.substring(4) : h;
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.indexOf('.') > 0 ? h : null;
    }

    /**
     * Whether a given-name field holds a Hungarian married woman's name formed from her husband's given name with
     * {@code -né} ({@code Kovács Jánosné}, Mrs János Kovács): it names him, and her own given name is not known. The
     * accent is required and the husband's name must be three letters or more ({@code René} is a name of its own).
     */
    public static boolean isHusbandsName(String given) {
        if (given == null) {
            return false;
        }
        String g = java.text.Normalizer.normalize(given.strip(), java.text.Normalizer.Form.NFC);
        int n = g.length();
        return n >= 5 && g.regionMatches(true, n - 2, "né", 0, 2) && g.indexOf(' ') < 0
                && g.chars().limit(n - 2).allMatch(Character::isLetter);
    }

    /**
     * Whether one given name is a husband's name with -né ({@link #isHusbandsName}) and the other is not (nor the
     * same written without its accent, {@code Jánosne}).
     */
    public static boolean oneHusbandsName(String a, String b) {
        return !blank(a) && !blank(b) && isHusbandsName(a) != isHusbandsName(b)
                && !Folding.fold(a.strip()).equals(Folding.fold(b.strip()));
    }

    private static boolean isInitial(String name) {
        String t = name.strip();
        return t.length() == 1 || t.length() == 2 && t.charAt(1) == '.';
    }

    private static String letters(String text) {
        return letters(text, false);
    }

    private static String letters(String text, boolean digitsToo) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c) || digitsToo && Character.isDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private static String describe(Address a) {
        if (a == null || a.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {a.street(), a.postalCode(), a.city()}) {
            if (!blank(part)) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                sb.append(part);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
