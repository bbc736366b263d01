package dev.clientele.dedup;

import java.util.Objects;

/**
 * The numbers that drive {@link MatchScorer}: the two decision thresholds and, per field, the probability that two
 * records are the same customer when the field clearly disagrees ({@code low}) and when it agrees exactly
 * ({@code high}). {@code householdFactor} scales the positive evidence of the fields a household or colleagues
 * share (address, phones, e-mails, company, website) when two people's first names clearly differ, or between a
 * company record and a named person (see {@link MatchScorer}). {@code website} weighs the website's own domain of
 * firms and people at one.
 * A plain record of numbers so it can be read from {@code config/clientele.yaml}.
 *
 * <p>{@link #DEFAULTS} is tuned on the Febrl data sets and the hand-built hard pairs (see the tests in
 * {@code dev.clientele.dedup}); change it only together with those tests.
 */
public record MatchConfig(
        double likelyThreshold,
        double possibleThreshold,
        FieldWeight firstName,
        FieldWeight lastName,
        FieldWeight emails,
        FieldWeight phones,
        FieldWeight address,
        FieldWeight birthday,
        FieldWeight company,
        FieldWeight website,
        double householdFactor) {

    /** The probability of a match when a field disagrees ({@code low}) and when it agrees exactly ({@code high}). */
    public record FieldWeight(double low, double high) {
        public FieldWeight {
            if (!(low > 0.0 && low <= 0.5)) {
                throw new IllegalArgumentException("low must be in (0, 0.5]: " + low);
            }
            if (!(high >= 0.5 && high < 1.0)) {
                throw new IllegalArgumentException("high must be in [0.5, 1): " + high);
            }
        }
    }

    /** The website's weight in {@link #DEFAULTS}, and in a config made without one. */
    private static final FieldWeight WEBSITE = new FieldWeight(0.2, 0.9);

    public static final MatchConfig DEFAULTS = new MatchConfig(
            0.9,
            0.7,
            new FieldWeight(0.2, 0.8),     // first name
            new FieldWeight(0.15, 0.87),   // last name
            new FieldWeight(0.1, 0.97),    // emails
            new FieldWeight(0.15, 0.95),   // phones
            new FieldWeight(0.07, 0.95),   // address
            new FieldWeight(0.15, 0.95),   // birthday
            new FieldWeight(0.1, 0.93),    // company
            WEBSITE,                       // website (own domain; for firms and people at one)
            0.0);                          // household factor

    /** A config with the default website weight (as configs were made before the website had one). */
    public MatchConfig(double likelyThreshold, double possibleThreshold, FieldWeight firstName, FieldWeight lastName,
            FieldWeight emails, FieldWeight phones, FieldWeight address, FieldWeight birthday, FieldWeight company,
            double householdFactor) {
        this(likelyThreshold, possibleThreshold, firstName, lastName, emails, phones, address, birthday, company,
                WEBSITE, householdFactor);
    }

    public MatchConfig {
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(emails, "emails");
        Objects.requireNonNull(phones, "phones");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(birthday, "birthday");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(website, "website");
        if (!(householdFactor >= 0.0 && householdFactor <= 1.0)) {
            throw new IllegalArgumentException("householdFactor must be in [0, 1]: " + householdFactor);
        }
        if (!(possibleThreshold > 0.0 && possibleThreshold <= likelyThreshold && likelyThreshold < 1.0)) {
            throw new IllegalArgumentException("need 0 < possibleThreshold <= likelyThreshold < 1, got "
                    + possibleThreshold + " and " + likelyThreshold);
        }
    }
}
