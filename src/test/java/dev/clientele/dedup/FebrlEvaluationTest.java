package dev.clientele.dedup;

import dev.clientele.text.BlockingKeys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.text.Nicknames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Measures the matcher on the labelled Febrl data sets with {@link MatchConfig#DEFAULTS}.
 *
 * <p>A pair counts as predicted duplicate when its decision is LIKELY or POSSIBLE ({@link MatchDecision#isMatch}):
 * both end up in the reviewer's duplicate list, so both are what a user sees as "found". Blocking recall is the
 * share of true pairs that share at least one {@link BlockingKeys} key, i.e. that a candidate query can find at all.
 */
class FebrlEvaluationTest {

    private static final double MIN_F1 = 0.97;
    private static final double MIN_BLOCKING_RECALL = 0.99;
    private static final double MAX_CANDIDATES_PER_RECORD = 20;

    private final Nicknames nicknames = Nicknames.load();
    private final MatchScorer scorer = new MatchScorer(MatchConfig.DEFAULTS, nicknames);

    @Test
    void dataset1_meets_the_quality_targets() {
        evaluate("dataset1.csv");
    }

    @Test
    void dataset3_meets_the_quality_targets() {
        evaluate("dataset3.csv");
    }

    private void evaluate(String name) {
        FebrlData.Dataset data = FebrlData.load(name);
        Map<String, Set<String>> keys = new HashMap<>();
        for (Customer c : data.customers()) {
            keys.put(c.id(), BlockingKeys.keysFor(c, nicknames));
        }
        int blocked = 0;
        List<String> missedByBlocking = new ArrayList<>();
        for (String pair : data.truePairs()) {
            String[] ids = pair.split("\\|");
            Set<String> shared = new HashSet<>(keys.get(ids[0]));
            shared.retainAll(keys.get(ids[1]));
            if (!shared.isEmpty()) {
                blocked++;
            } else {
                missedByBlocking.add(pair);
            }
        }
        double blockingRecall = (double) blocked / data.truePairs().size();

        InMemoryScan.Outcome outcome = new InMemoryScan(scorer, c -> keys.get(c.id())).scan(data.customers());
        Map<String, DuplicatePair> predicted = new HashMap<>();
        for (DuplicatePair p : outcome.pairs()) {
            predicted.put(FebrlData.pairKey(p.left().id(), p.right().id()), p);
        }
        int truePositives = 0;
        List<DuplicatePair> falsePositives = new ArrayList<>();
        for (var e : predicted.entrySet()) {
            if (data.truePairs().contains(e.getKey())) {
                truePositives++;
            } else {
                falsePositives.add(e.getValue());
            }
        }
        double precision = predicted.isEmpty() ? 0 : (double) truePositives / predicted.size();
        double recall = (double) truePositives / data.truePairs().size();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        long likely = outcome.pairs().stream().filter(p -> p.result().decision() == MatchDecision.LIKELY).count();

        Map<String, Customer> byId = new HashMap<>();
        data.customers().forEach(c -> byId.put(c.id(), c));
        List<String> lines = new ArrayList<>();
        lines.add("Febrl " + name + ": " + data.customers().size() + " records, " + data.truePairs().size()
                + " true pairs");
        lines.add(String.format(Locale.ROOT, "  blocking: recall %.4f (%d/%d), %.2f candidates per record, "
                + "%d pairs scored", blockingRecall, blocked, data.truePairs().size(),
                outcome.candidatesPerRecord(), outcome.comparedPairs()));
        lines.add(String.format(Locale.ROOT, "  matching (likely+possible): precision %.4f, recall %.4f, F1 %.4f"
                + " (%d predicted, %d likely, %d true positives, %d false positives)", precision, recall, f1,
                predicted.size(), likely, truePositives, falsePositives.size()));
        int shown = 0;
        for (String pair : data.truePairs()) {
            if (!predicted.containsKey(pair) && shown++ < 5) {
                String[] ids = pair.split("\\|");
                lines.add("  missed: " + explain(byId.get(ids[0]), byId.get(ids[1])));
            }
        }
        falsePositives.stream().limit(5).forEach(p -> lines.add("  false positive: " + explain(p.left(), p.right())));
        missedByBlocking.stream().limit(3).forEach(p -> lines.add("  not blocked: " + p));
        QualityReport.write("febrl-" + name.replace(".csv", ""), lines);

        assertThat(blockingRecall).as("blocking recall").isGreaterThanOrEqualTo(MIN_BLOCKING_RECALL);
        assertThat(outcome.candidatesPerRecord()).as("candidates per record")
                .isLessThanOrEqualTo(MAX_CANDIDATES_PER_RECORD);
        assertThat(f1).as("F1 (precision %.4f, recall %.4f)", precision, recall).isGreaterThanOrEqualTo(MIN_F1);
    }

    private String explain(Customer a, Customer b) {
        MatchResult r = scorer.score(a, b);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s ~ %s %.3f", a.id(), b.id(), r.score()));
        for (FieldContribution f : r.fields()) {
            sb.append(String.format(Locale.ROOT, " [%s %s/%s %s %.2f]", f.field(), f.left(), f.right(),
                    f.agreement(), f.weight()));
        }
        return sb.toString();
    }
}
