package dev.clientele.dedup;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import dev.clientele.text.Nicknames;
import dev.clientele.text.PersonNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Scores how likely two customers are the same, explains the score field by field and decides
 * {@link MatchDecision LIKELY / POSSIBLE / DISTINCT}. Immutable and thread-safe.
 *
 * <h2>Design notes</h2>
 *
 * <p><b>Scoring.</b> As in Duke, each field is a piece of evidence with two numbers from {@link MatchConfig}:
 * {@code high}, the probability that the records match given that this field agrees exactly, and {@code low}, the
 * probability given that it clearly disagrees. The field's comparator yields a calibrated similarity {@code s}
 * (see {@link FieldComparators}); {@code s = 0.5} means "no evidence", so the field probability is interpolated
 * linearly from {@code low} (s = 0) through 0.5 (s = 0.5) to {@code high} (s = 1). A missing field is exactly 0.5
 * and changes nothing: an empty phone is not a different phone.
 *
 * <p><b>Combination.</b> Field probabilities are combined with naive Bayes from a neutral prior of 0.5,
 * {@code p = p1·p2 / (p1·p2 + (1−p1)(1−p2))}, which is the same as adding the fields' log-odds
 * {@code ln(p/(1−p))}. The log-odds are what {@link FieldContribution#weight()} reports, so the explanation adds
 * up to the score. Naive Bayes assumes the fields are independent; they are not quite (street, postal code and
 * city move together), which is why {@link FieldComparators#address} folds the address into one field instead of
 * letting three correlated fields outvote the rest.
 *
 * <p><b>Asymmetry.</b> {@code low} and {@code high} are deliberately not symmetric around 0.5. A shared e-mail is
 * near-proof of identity while a different e-mail is weak evidence (people have several). A different birthday,
 * on the other hand, is near-proof of two people (father and son at one address), so its {@code low} is tiny and
 * its comparator forgives typos and swapped day/month before calling dates different.
 *
 * <p><b>Households and colleagues.</b> Address, phones and e-mails are shared by a family, and a company name, its
 * switchboard, office address and role mailbox (info@) by everyone who works there. When two people's first names
 * clearly differ ({@link Agreement#DIFFERENT}), agreement on those fields is explained by a shared household or
 * employer at least as well as by a shared identity, whatever the last names say (couples with two surnames,
 * colleagues; unless the birthdays are equal), so their positive weight is multiplied by
 * {@link MatchConfig#householdFactor()} (0 by default: no evidence). The same holds between a company record (no person's name) and a named person at that company: a
 * person is not their employer. Without this, spouses sharing a landline and a flat, or two colleagues with the
 * office number, score as near-certain duplicates. For two company records, whose names are only contacts, the
 * narrower rule applies: same last name, clearly different first name, and the company name still counts.
 * Person-level evidence (birthday) is not discounted, so a duplicate whose first name was replaced can still be
 * found through it; negative evidence is never discounted.
 *
 * <p><b>Website.</b> A firm's own domain ({@link FieldComparators#website}: no scheme, {@code www.}, path or
 * subdomain; social networks and free hosting are no one's own) is evidence about the firm, weighed like any field
 * ({@link MatchConfig#website()}) for two company records and for people at a company, whose website is their
 * employer's: shared by colleagues, so discounted with the other fields they share. A different own domain is
 * evidence against (firms have second domains, so less than a shared one is for). A person's own page is shown in
 * the explanation's {@code website} line, not weighed.
 *
 * <p><b>At most possible.</b> Two records that agree on nothing but their names, and at most a city (no e-mail,
 * phone, birthday, company or street in common), cannot be told from namesakes: the John Smiths of one town. For
 * two company records the company name is their name: "Lidl" and "Lidl", "OBI Baumarkt" in two towns are two
 * branches of one chain as often as one firm entered twice, unless an e-mail, a phone, a street address or the
 * website's own domain agrees as well (the domain only where the addresses do not differ: a chain's branches share
 * its domain as they share its name); and two
 * company records whose names clearly differ ("Unit 2 Ltd" and "Unit 3 Ltd" sharing an office and its phone) are
 * sister firms as often as one renamed firm. Two
 * records whose birthdays clearly differ (not a typo, not day and month swapped) are two people as often as one
 * mistyped: a father and his son of one name, at one address, with one landline; so are a junior and a senior of one
 * name ({@code Jr.} and {@code Sr.}, Hungarian {@code ifj.} and {@code id.}), whose address, phones and e-mails count
 * as a household's; and a married woman named by her husband's given name ({@code Kovács Jánosné}) against a woman of
 * that family name with her own ({@code Kovács Anna}), his wife as often as his mother. Two clearly different first
 * names with one birthday and address are twins as often as one person whose first name was replaced. Two people of
 * different genders (the gender fields, or names in their male and female forms: Jan Novák and Jana Nováková,
 * Иванов and Иванова, Kovács and Kovácsné) are a brother and sister or a couple, unless one gender was entered
 * wrongly: the explanation's {@code gender} line (no weight of its own) says so. Such a pair scores
 * at most halfway between the two thresholds, a possible duplicate for a person to look at, never a likely one; its
 * positive contributions are scaled down by one factor so the explanation still adds up to the score.
 *
 * <p><b>Decision.</b> {@code score >= likelyThreshold} is {@link MatchDecision#LIKELY}, {@code >=
 * possibleThreshold} is {@link MatchDecision#POSSIBLE}, anything lower {@link MatchDecision#DISTINCT}.
 */
public final class MatchScorer {

    /** Fields a family shares; see "Households and colleagues" above. */
    private static final Set<String> HOUSEHOLD_FIELDS = Set.of("address", "phones", "emails");
    /** Fields a family or the colleagues at one company share (the website: the employer's). */
    private static final Set<String> SHARED_FIELDS = Set.of("address", "phones", "emails", "company", "website");
    /** The fields that name a person; see "Names alone" above. */
    private static final Set<String> NAME_FIELDS = Set.of("first_name", "last_name");

    private final MatchConfig config;
    private final FieldComparators comparators;

    public MatchScorer(MatchConfig config, Nicknames nicknames) {
        this.config = Objects.requireNonNull(config, "config");
        this.comparators = new FieldComparators(nicknames);
    }

    /** A scorer with {@link MatchConfig#DEFAULTS} and the bundled nickname list. */
    public static MatchScorer withDefaults() {
        return new MatchScorer(MatchConfig.DEFAULTS, Nicknames.load());
    }

    public MatchConfig config() {
        return config;
    }

    /** Compares two customers. Symmetric in its arguments up to the order of the values shown. */
    public MatchResult score(Customer a, Customer b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        List<FieldContribution> fields = new ArrayList<>(7);
        FieldComparators.NameComparison names =
                comparators.names(a.firstName(), a.lastName(), b.firstName(), b.lastName());
        fields.add(contribution("first_name", names.firstName(), config.firstName()));
        fields.add(contribution("last_name", names.lastName(), config.lastName()));
        fields.add(contribution("emails", comparators.emails(a.emails(), b.emails()), config.emails()));
        fields.add(contribution("phones",
                comparators.phones(a.phones(), country(a.address()), b.phones(), country(b.address())),
                config.phones()));
        fields.add(contribution("address", comparators.address(a.address(), b.address()), config.address()));
        FieldComparison birthday = comparators.birthday(a.birthday(), b.birthday());
        fields.add(contribution("birthday", birthday, config.birthday()));
        FieldComparison company = comparators.company(a.company(), b.company());
        fields.add(contribution("company", company, config.company()));
        FieldComparison gender = a.kind() == Kind.COMPANY || b.kind() == Kind.COMPANY
                ? FieldComparison.missing(null, null) // a company record's names are only its contact's
                : comparators.gender(a.gender(), a.firstName(), a.lastName(),
                        b.gender(), b.firstName(), b.lastName());
        FieldComparison website = comparators.website(a.website(), b.website());
        // A firm's own domain is evidence about the firm: weighed for company records and people at a company (see
        // "Website" above); a person's own page is shown, not weighed.
        fields.add(weighsWebsite(a, b) ? contribution("website", website, config.website())
                : new FieldContribution("website", website.left(), website.right(), website.similarity(),
                        website.agreement(), 0.5, 0.0));
        // Gender has no weight of its own (a name's form is told by the name fields already); a difference only caps.
        fields.add(new FieldContribution("gender", gender.left(), gender.right(), gender.similarity(),
                gender.agreement(), 0.5, 0.0));

        Set<String> shared = sharedFields(names, a, b);
        if (!shared.isEmpty()) {
            fields.replaceAll(f -> shared.contains(f.field()) && f.weight() > 0
                    ? discounted(f, config.householdFactor()) : f);
        }
        double logOdds = 0;
        double positive = 0;
        // For two company records the company name is their name: see "At most possible" above.
        boolean companies = a.kind() == Kind.COMPANY && b.kind() == Kind.COMPANY;
        // A chain's branches share its domain as they share its name: the website tells one firm only where the
        // addresses do not say two places.
        boolean addressesDiffer = fields.stream().anyMatch(f -> f.field().equals("address")
                && f.agreement() == Agreement.DIFFERENT);
        boolean identifying = false;
        for (FieldContribution f : fields) {
            logOdds += f.weight();
            if (f.weight() > 0) {
                positive += f.weight();
                identifying |= !NAME_FIELDS.contains(f.field()) && !(companies && f.field().equals("company"))
                        && (!f.field().equals("address") || hasStreet(a.address()) && hasStreet(b.address()))
                        && (!f.field().equals("website") || !addressesDiffer);
            }
        }
        double cap = possibleCap();
        if ((!identifying || birthday.agreement() == Agreement.DIFFERENT
                || names.firstName().agreement() == Agreement.DIFFERENT
                || gender.agreement() == Agreement.DIFFERENT || generationsDiffer(a, b) || herGivenNameUnknown(a, b)
                || companies && company.agreement() == Agreement.DIFFERENT) && logOdds > cap) {
            // Namesakes, two birthdays, two first names, two genders or two firms' names: see "At most possible"
            // above. The positive evidence is scaled down so that the explanation still adds up to the score.
            double factor = (cap - (logOdds - positive)) / positive;
            fields.replaceAll(f -> f.weight() > 0 ? discounted(f, factor) : f);
            logOdds = cap;
        }
        double score = 1.0 / (1.0 + Math.exp(-logOdds));
        fields.sort(Comparator.comparingDouble((FieldContribution f) -> -Math.abs(f.weight())));
        return new MatchResult(score, decide(score), fields);
    }

    /**
     * {@link #score} when the pair is at least a possible duplicate, else null. Much cheaper for the many pairs a
     * scan looks at that are not: the names are compared first and the other fields cheapest first, and comparing
     * stops as soon as even full agreement on the fields left could not lift the score to the possible threshold.
     */
    public MatchResult scoreIfMatch(Customer a, Customer b) {
        FieldComparators.NameComparison names =
                comparators.names(a.firstName(), a.lastName(), b.firstName(), b.lastName());
        Set<String> shared = sharedFields(names, a, b);
        double factor = shared.isEmpty() ? 1.0 : config.householdFactor();
        double companyFactor = shared.contains("company") ? factor : 1.0;
        double websiteFactor = shared.contains("website") ? factor : 1.0;
        // A field adds at most ln(high / (1 - high)), at full agreement; shared fields that times the factor.
        double left = best(config.birthday(), 1.0) + best(config.company(), companyFactor)
                + best(config.emails(), factor) + best(config.phones(), factor) + best(config.address(), factor)
                + (weighsWebsite(a, b) ? best(config.website(), websiteFactor) : 0);
        double need = Math.log(config.possibleThreshold() / (1.0 - config.possibleThreshold())) - 1e-9;
        double sum = weight(names.firstName(), config.firstName(), 1.0)
                + weight(names.lastName(), config.lastName(), 1.0);
        sum += weight(comparators.birthday(a.birthday(), b.birthday()), config.birthday(), 1.0);
        left -= best(config.birthday(), 1.0);
        if (sum + left < need) {
            return null;
        }
        sum += weight(comparators.emails(a.emails(), b.emails()), config.emails(), factor);
        left -= best(config.emails(), factor);
        if (sum + left < need) {
            return null;
        }
        sum += weight(comparators.phones(a.phones(), country(a.address()), b.phones(), country(b.address())),
                config.phones(), factor);
        left -= best(config.phones(), factor);
        if (sum + left < need) {
            return null;
        }
        sum += weight(comparators.company(a.company(), b.company()), config.company(), companyFactor);
        left -= best(config.company(), companyFactor);
        if (sum + left < need) {
            return null;
        }
        MatchResult full = score(a, b);
        return full.decision().isMatch() ? full : null;
    }

    /**
     * Whether {@link #score} reads the same in both: the values it compares (names, kind, company, e-mails, phones,
     * address, birthday, gender, website) are equal as written. A change of anything else (tags, notes, purchases,
     * a rep) cannot change a pair's score.
     */
    public boolean readsSame(Customer a, Customer b) {
        return a.kind() == b.kind() && Objects.equals(a.firstName(), b.firstName())
                && Objects.equals(a.lastName(), b.lastName()) && Objects.equals(a.company(), b.company())
                && a.emails().equals(b.emails()) && a.phones().equals(b.phones())
                && Objects.equals(a.address(), b.address()) && Objects.equals(a.birthday(), b.birthday())
                && a.gender() == b.gender() && Objects.equals(a.website(), b.website());
    }

    /**
     * The fields whose agreement says no more than "same household" or "same employer" for this pair (see
     * "Households and colleagues" above); empty when every field counts in full.
     */
    private static Set<String> sharedFields(FieldComparators.NameComparison names, Customer a, Customer b) {
        boolean people = a.kind() != Kind.COMPANY && b.kind() != Kind.COMPANY;
        if (generationsDiffer(a, b)) {
            return SHARED_FIELDS; // a son and his father of one name: one household
        }
        if (names.firstName().agreement() == Agreement.DIFFERENT) {
            boolean sameLastName = !names.lastName().isMissing() && names.lastName().similarity() >= 0.5;
            if (sameLastName) {
                return people ? SHARED_FIELDS : HOUSEHOLD_FIELDS;
            }
            // Both names differ: a household or colleagues, unless the birthday says it is one person whose names
            // were entered wrongly.
            if (people && !(a.birthday() != null && a.birthday().equals(b.birthday()))) {
                return SHARED_FIELDS;
            }
        }
        if (isCompanyOnly(a) && isNamedPerson(b) || isCompanyOnly(b) && isNamedPerson(a)) {
            return SHARED_FIELDS;
        }
        return Set.of();
    }

    /**
     * Whether the name fields say two generations: a junior and a senior of one name ({@code Jr.} and {@code Sr.},
     * Hungarian {@code ifj.} and {@code id.}), a son and his father, as two birthdays clearly differing say.
     */
    private static boolean generationsDiffer(Customer a, Customer b) {
        if (a.kind() == Kind.COMPANY || b.kind() == Kind.COMPANY) {
            return false;
        }
        String ga = generation(a);
        String gb = generation(b);
        return ga != null && gb != null && !ga.equals(gb);
    }

    /**
     * Whether one record names a married woman by her husband's given name ({@code Kovács Jánosné}) and the other by
     * a given name of its own ({@code Kovács Anna}): his wife as often as his mother, whose name is his too.
     */
    private static boolean herGivenNameUnknown(Customer a, Customer b) {
        return FieldComparators.oneHusbandsName(a.firstName(), b.firstName());
    }

    private static String generation(Customer c) {
        String g = PersonNames.generation(c.lastName());
        return g != null ? g : PersonNames.generation(c.firstName());
    }

    /** Whether the website is weighed: both records are a firm's or a person's at a company (see "Website"). */
    private static boolean weighsWebsite(Customer a, Customer b) {
        return (a.kind() == Kind.COMPANY || !blank(a.company())) && (b.kind() == Kind.COMPANY || !blank(b.company()));
    }

    /** The highest log-odds of a pair that can only be a possible duplicate: see "At most possible" above. */
    private double possibleCap() {
        double midpoint = (config.possibleThreshold() + config.likelyThreshold()) / 2.0;
        return Math.log(midpoint / (1.0 - midpoint));
    }

    private static boolean hasStreet(Address address) {
        return address != null && !blank(address.street());
    }

    /** A company record that names no person. */
    private static boolean isCompanyOnly(Customer c) {
        return c.kind() == Kind.COMPANY && blank(c.firstName()) && blank(c.lastName());
    }

    /** A person's record with at least a first or a last name. */
    private static boolean isNamedPerson(Customer c) {
        return c.kind() != Kind.COMPANY && (!blank(c.firstName()) || !blank(c.lastName()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static double best(MatchConfig.FieldWeight weight, double factor) {
        return Math.log(weight.high() / (1.0 - weight.high())) * factor;
    }

    /** A field's log-odds as {@link #score} counts them; {@code factor} scales positive evidence. */
    private static double weight(FieldComparison c, MatchConfig.FieldWeight weight, double factor) {
        double p = c.isMissing() ? 0.5 : probability(c.similarity(), weight);
        double logOdds = Math.log(p / (1.0 - p));
        return logOdds > 0 ? logOdds * factor : logOdds;
    }

    /** The decision for a score under this scorer's thresholds. */
    public MatchDecision decide(double score) {
        if (score >= config.likelyThreshold()) {
            return MatchDecision.LIKELY;
        }
        return score >= config.possibleThreshold() ? MatchDecision.POSSIBLE : MatchDecision.DISTINCT;
    }

    /** The field probability for a calibrated similarity: low at 0, 0.5 at 0.5, high at 1, linear in between. */
    static double probability(double similarity, MatchConfig.FieldWeight weight) {
        if (similarity >= 0.5) {
            return 0.5 + (weight.high() - 0.5) * (similarity - 0.5) * 2.0;
        }
        return weight.low() + (0.5 - weight.low()) * similarity * 2.0;
    }

    private static FieldContribution contribution(String field, FieldComparison c, MatchConfig.FieldWeight weight) {
        double p = c.isMissing() ? 0.5 : probability(c.similarity(), weight);
        double logOdds = Math.log(p / (1.0 - p));
        return new FieldContribution(field, c.left(), c.right(), c.similarity(), c.agreement(), p, logOdds);
    }

    private static FieldContribution discounted(FieldContribution f, double factor) {
        double weight = f.weight() * factor;
        double p = 1.0 / (1.0 + Math.exp(-weight));
        return new FieldContribution(f.field(), f.left(), f.right(), f.similarity(), f.agreement(), p, weight);
    }

    private static String country(Address address) {
        return address == null ? null : address.country();
    }
}
