package dev.clientele.dedup;

/**
 * What the scorer concludes about a pair, from the score and the two thresholds of {@link MatchConfig}. Its JSON
 * form is the lower-case {@link #wire()} name.
 */
public enum MatchDecision {
    /** Score at or above {@link MatchConfig#likelyThreshold()}: almost certainly the same customer. */
    LIKELY("likely"),
    /** Score at or above {@link MatchConfig#possibleThreshold()}: worth a human look. */
    POSSIBLE("possible"),
    /** Below both thresholds: treated as different customers. */
    DISTINCT("distinct");

    private final String wire;

    MatchDecision(String wire) {
        this.wire = wire;
    }

    /** The name used in JSON. */
    public String wire() {
        return wire;
    }

    /** True for {@link #LIKELY} and {@link #POSSIBLE}: the pair is reported as a duplicate candidate. */
    public boolean isMatch() {
        return this != DISTINCT;
    }

    @Override
    public String toString() {
        return wire;
    }
}
