package dev.clientele.dedup;

/**
 * How two values of one field relate, in words a reviewer understands ("nickname", "swapped"). Its JSON form is
 * the lower-case {@link #wire()} name.
 */
public enum Agreement {
    /** Equal after normalisation (case, accents, punctuation, phone and e-mail notation). */
    EXACT("exact"),
    /** Equal once one script is transliterated into the other (Иван / Ivan) or umlauts are expanded. */
    TRANSLITERATION("transliteration"),
    /** Given names of the same nickname group (Bob / Robert, Pista / István). */
    NICKNAME("nickname"),
    /** An initial that fits the full name (R. / Robert). */
    INITIAL("initial"),
    /** Equal with parts exchanged: first and last name, or day and month of a date. */
    SWAPPED("swapped"),
    /** Partly equal: same e-mail local part at another domain, same phone ending, one name inside the other. */
    PARTIAL("partial"),
    /** Close but not equal, as with a typo. */
    FUZZY("fuzzy"),
    /** Both known and not alike: evidence against a match. */
    DIFFERENT("different"),
    /** Unknown on at least one side: no evidence either way. */
    MISSING("missing");

    private final String wire;

    Agreement(String wire) {
        this.wire = wire;
    }

    /** The name used in JSON. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
