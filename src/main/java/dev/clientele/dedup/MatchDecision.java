package dev.clientele.dedup;

import dev.clientele.customer.WireName;

/**
 * What the scorer concludes about a pair, from the score and the two thresholds of {@link MatchConfig}. Its JSON
 * form is the lower-case {@link #wire()} name.
 */
public enum MatchDecision implements WireName {
    /** Score at or above {@link MatchConfig#likelyThreshold()}: almost certainly the same customer. */
    LIKELY,
    /** Score at or above {@link MatchConfig#possibleThreshold()}: worth a human look. */
    POSSIBLE,
    /** Below both thresholds: treated as different customers. */
    DISTINCT;

    /** True for {@link #LIKELY} and {@link #POSSIBLE}: the pair is reported as a duplicate candidate. */
    public boolean isMatch() {
        return this != DISTINCT;
    }

    @Override
    public String toString() {
        return wire();
    }
}
