package dev.clientele.dedup;

/**
 * The outcome of comparing one field of two customers: the values compared (as shown to a reviewer), a
 * similarity in 0..1 and the kind of {@link Agreement}. {@link Agreement#MISSING} comparisons carry no evidence.
 *
 * <p>The similarity is calibrated for {@link MatchScorer}: 1 means the values agree as well as they can, 0.5 means
 * the comparison says nothing, 0 means they clearly disagree.
 */
public record FieldComparison(String left, String right, double similarity, Agreement agreement) {

    public FieldComparison {
        if (!(similarity >= 0.0 && similarity <= 1.0)) {
            throw new IllegalArgumentException("similarity must be in 0..1: " + similarity);
        }
    }

    /** A comparison with a value missing on at least one side. */
    public static FieldComparison missing(String left, String right) {
        return new FieldComparison(left, right, 0.5, Agreement.MISSING);
    }

    public boolean isMissing() {
        return agreement == Agreement.MISSING;
    }
}
