package dev.clientele.dedup;

import java.util.List;

/**
 * The scored comparison of two customers: the match probability (0..1), the decision it implies, and every
 * field's contribution, strongest evidence first, so a reviewer can see why.
 */
public record MatchResult(double score, MatchDecision decision, List<FieldContribution> fields) {

    public MatchResult {
        fields = List.copyOf(fields);
    }

    /** The contribution for the named field, or null when the scorer did not compare it. */
    public FieldContribution field(String name) {
        for (FieldContribution f : fields) {
            if (f.field().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
