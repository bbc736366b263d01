package dev.clientele.dedup;

import dev.clientele.customer.WireName;

/**
 * How two values of one field relate, in words a reviewer understands ("nickname", "swapped"). Its JSON form is
 * the lower-case {@link #wire()} name.
 */
public enum Agreement implements WireName {
    /** Equal after normalisation (case, accents, punctuation, phone and e-mail notation). */
    EXACT,
    /** Equal once one script is transliterated into the other (Иван / Ivan) or umlauts are expanded. */
    TRANSLITERATION,
    /** Given names of the same nickname group (Bob / Robert, Pista / István). */
    NICKNAME,
    /** An initial that fits the full name (R. / Robert). */
    INITIAL,
    /** Equal with parts exchanged: first and last name, or day and month of a date. */
    SWAPPED,
    /** Partly equal: same e-mail local part at another domain, same phone ending, one name inside the other. */
    PARTIAL,
    /** Close but not equal, as with a typo. */
    FUZZY,
    /** Both known and not alike: evidence against a match. */
    DIFFERENT,
    /** Unknown on at least one side: no evidence either way. */
    MISSING;

    @Override
    public String toString() {
        return wire();
    }
}
