package dev.clientele.dedup;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.clientele.customer.Customer;
import java.time.Instant;
import java.util.List;

/**
 * One entry of the review journal: a pair found, rescored, dropped, dismissed, merged or a merge undone. Replayed in
 * order at start, it rebuilds the review state; so every decision survives restarts and crashes like customers do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReviewEvent(
        Type type,
        Instant at,
        String pairId,
        String leftId,
        String rightId,
        Double score,
        MatchDecision decision,
        List<FieldContribution> fields,
        String fingerprint,
        String mergeId,
        String survivorId,
        Customer survivorBefore,
        Customer otherBefore,
        Customer merged,
        Long leftVersion,
        Long rightVersion) {

    /**
     * What happened to a pair. {@code RESCORED}: a pending pair scored again because one of its customers changed
     * (its new score, decision, explanation and fingerprint; it keeps when it was found); {@code DROPPED}: a pending
     * pair taken out of the queue because a customer changed so that the two are no longer likely or possible
     * duplicates, or was deleted; {@code SCORING}: every pending pair is scored under the rules and config whose
     * {@link ScoringRules} fingerprint it carries (in {@code fingerprint}; no pair), written after a start scored
     * them all again. Journals from before it have none.
     */
    enum Type { FOUND, DISMISSED, MERGE_STARTED, MERGED, MERGE_ABANDONED, UNDONE, RESCORED, DROPPED, SCORING }

    /**
     * A pair found or scored again, with the versions of its two records it was scored at ({@code leftVersion},
     * {@code rightVersion}; absent in lines written before they were recorded): at start, a pending pair whose
     * records moved on since is scored again (a crash can come between a customer's commit and its pairs' rescore).
     */
    static ReviewEvent scored(Type type, Instant at, DuplicatePairs.Pair p, Long leftVersion, Long rightVersion) {
        return new ReviewEvent(type, at, p.pairId(), p.leftId(), p.rightId(), p.score(), p.decision(),
                p.fields(), p.fingerprint(), null, null, null, null, null, leftVersion, rightVersion);
    }

    static ReviewEvent dismissed(Instant at, String pairId, String fingerprint) {
        return new ReviewEvent(Type.DISMISSED, at, pairId, null, null, null, null, null, fingerprint, null, null,
                null, null, null, null, null);
    }

    static ReviewEvent scoring(Instant at, String rules) {
        return new ReviewEvent(Type.SCORING, at, null, null, null, null, null, null, rules, null, null, null, null,
                null, null, null);
    }

    static ReviewEvent mergeStarted(Instant at, String pairId, String mergeId, Customer survivorBefore,
                                    Customer otherBefore, Customer merged) {
        return new ReviewEvent(Type.MERGE_STARTED, at, pairId, null, null, null, null, null, null, mergeId,
                survivorBefore.id(), survivorBefore, otherBefore, merged, null, null);
    }

    /** This event with its field explanations packed ({@link PackedContributions}); the same event otherwise. */
    ReviewEvent packed() {
        if (fields == null || fields instanceof PackedContributions) {
            return this;
        }
        return new ReviewEvent(type, at, pairId, leftId, rightId, score, decision, PackedContributions.of(fields),
                fingerprint, mergeId, survivorId, survivorBefore, otherBefore, merged, leftVersion, rightVersion);
    }

    static ReviewEvent simple(Type type, Instant at, String pairId, String mergeId) {
        return new ReviewEvent(type, at, pairId, null, null, null, null, null, null, mergeId, null, null, null, null,
                null, null);
    }
}
