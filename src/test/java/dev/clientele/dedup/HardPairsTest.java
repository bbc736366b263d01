package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Checks every hand-built hard pair (nicknames, scripts, swapped names, phone notations, legal forms, and hard
 * negatives such as father and son at one address) against its expected decision with
 * {@link MatchConfig#DEFAULTS}, reporting all mismatches at once.
 */
class HardPairsTest {

    private final MatchScorer scorer = MatchScorer.withDefaults();

    @Test
    void fixture_has_enough_pairs_of_both_kinds() {
        List<HardPairs.LabelledPair> pairs = HardPairs.load();
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(40);
        assertThat(pairs).filteredOn(HardPairs.LabelledPair::expectMatch).hasSizeGreaterThanOrEqualTo(20);
        assertThat(pairs).filteredOn(p -> !p.expectMatch()).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void every_hard_pair_gets_its_expected_decision() {
        List<String> mismatches = new ArrayList<>();
        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        int ambiguous = 0;
        double lowestMatch = 1;
        double highestDistinct = 0;
        String lowestMatchPair = "";
        String highestDistinctPair = "";
        List<String> knownMisses = new ArrayList<>();
        List<String> nowRight = new ArrayList<>();
        List<HardPairs.LabelledPair> pairs = HardPairs.load();
        for (HardPairs.LabelledPair pair : pairs) {
            MatchResult r = scorer.score(pair.left(), pair.right());
            if (pair.isKnownMiss()) {
                // Left out of the counts; one the matcher now gets right should lose its mark.
                (gotRight(pair, r) ? nowRight : knownMisses).add(describe(pair, r) + " -- known: " + pair.knownMiss());
                continue;
            }
            if (pair.ambiguous()) {
                ambiguous++;
                if (r.decision() != MatchDecision.POSSIBLE) {
                    mismatches.add(describe(pair, r));
                }
                continue;
            }
            if (pair.expectMatch() && r.score() < lowestMatch) {
                lowestMatch = r.score();
                lowestMatchPair = pair.id() + " (" + pair.note() + ")";
            } else if (!pair.expectMatch() && !pair.ambiguous() && r.score() > highestDistinct) {
                highestDistinct = r.score();
                highestDistinctPair = pair.id() + " (" + pair.note() + ")";
            }
            boolean predicted = r.decision().isMatch();
            if (predicted && pair.expectMatch()) {
                truePositives++;
            } else if (predicted) {
                falsePositives++;
            } else if (pair.expectMatch()) {
                falseNegatives++;
            }
            if (predicted != pair.expectMatch() || pair.likely() && r.decision() != MatchDecision.LIKELY) {
                mismatches.add(describe(pair, r));
            }
        }
        double precision = truePositives + falsePositives == 0 ? 0
                : (double) truePositives / (truePositives + falsePositives);
        double recall = truePositives + falseNegatives == 0 ? 0
                : (double) truePositives / (truePositives + falseNegatives);
        List<String> lines = new ArrayList<>();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        lines.add(String.format(Locale.ROOT,
                "Hard pairs: %d pairs (%d ambiguous), precision %.4f, recall %.4f, F1 %.4f, %d mismatches",
                pairs.size(), ambiguous, precision, recall, f1, mismatches.size()));
        lines.add(String.format(Locale.ROOT, "  lowest score of a match: %.3f, pair %s", lowestMatch,
                lowestMatchPair));
        lines.add(String.format(Locale.ROOT, "  highest score of a distinct pair: %.3f, pair %s", highestDistinct,
                highestDistinctPair));
        mismatches.forEach(m -> lines.add("  " + m));
        lines.add(String.format(Locale.ROOT, "Known misses (not counted above): %d", knownMisses.size()));
        knownMisses.forEach(m -> lines.add("  " + m));
        QualityReport.write("hard-pairs", lines);

        assertThat(mismatches).as("pairs with an unexpected decision").isEmpty();
        assertThat(nowRight).as("pairs marked known_miss that the matcher now gets right: remove the mark").isEmpty();
    }

    /** Whether the decision is the one the pair's label expects. */
    private static boolean gotRight(HardPairs.LabelledPair pair, MatchResult r) {
        if (pair.ambiguous()) {
            return r.decision() == MatchDecision.POSSIBLE;
        }
        return r.decision().isMatch() == pair.expectMatch() && (!pair.likely() || r.decision() == MatchDecision.LIKELY);
    }

    @Test
    void every_matching_hard_pair_shares_a_blocking_key() {
        List<String> unblocked = new ArrayList<>();
        for (HardPairs.LabelledPair pair : HardPairs.load()) {
            if (!pair.expectMatch()) {
                continue;
            }
            var keys = new java.util.HashSet<>(dev.clientele.text.BlockingKeys.keysFor(pair.left()));
            keys.retainAll(dev.clientele.text.BlockingKeys.keysFor(pair.right()));
            if (keys.isEmpty()) {
                unblocked.add(pair.id() + " (" + pair.note() + ")");
            }
        }
        assertThat(unblocked).as("matching pairs a scan would never compare").isEmpty();
    }

    private static String describe(HardPairs.LabelledPair pair, MatchResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "pair %s (%s): expected %s, got %s %.3f",
                pair.id(), pair.note(), pair.ambiguous() ? "possible" : pair.likely() ? "likely"
                        : pair.expectMatch() ? "match" : "distinct",
                r.decision(), r.score()));
        for (FieldContribution f : r.fields()) {
            if (!f.agreement().equals(Agreement.MISSING)) {
                sb.append(String.format(Locale.ROOT, " [%s %s/%s %s %.2f]", f.field(), f.left(), f.right(),
                        f.agreement(), f.weight()));
            }
        }
        return sb.toString();
    }
}
