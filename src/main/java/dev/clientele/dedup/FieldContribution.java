package dev.clientele.dedup;

/**
 * One field's part in a {@link MatchResult}: the field (named as in the JSON API, e.g. {@code "first_name"},
 * {@code "emails"}, {@code "address"}), the two values compared, their similarity and {@link Agreement}, the
 * match probability the field alone implies, and {@code weight}, the log-odds it added to the score (positive
 * pulls towards a match, negative away, 0 for a missing field).
 */
public record FieldContribution(
        String field,
        String left,
        String right,
        double similarity,
        Agreement agreement,
        double probability,
        double weight) {
}
