package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.store.CustomerStore;
import dev.clientele.text.Nicknames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairRescorerTest {
    @TempDir
    Path dir;

    private CustomerIndex index;
    private CustomerStore store;
    private final MatchScorer defaults = MatchScorer.withDefaults();
    /** a~b, c~d, e~f, g~h: pending pairs scored with the defaults. */
    private final List<Customer> customers = new ArrayList<>();

    @BeforeEach
    void open() {
        index = CustomerIndex.open(dir.resolve("index"), IndexSettings.DEFAULTS.withHistory(dir.resolve("history")));
        store = new CustomerStore(index);
        // Each pair shares its e-mail, the first its phone too; the others have a first name in a shorter form.
        String[][] people = {{"Márta", "Marta", "marta.szabo", "+36 30 111 2233"},
            {"Katalin", "Kati", "kati.nagy", null},
            {"Erzsébet", "Erzsi", "erzsi.kiss", null},
            {"Ilona", "Ica", "ilona.toth", null}};
        for (String[] p : people) {
            for (String first : List.of(p[0], p[1])) {
                customers.add(store.create(TestCustomers.customer(null, Kind.PERSON, first, "Szabó", null,
                        List.of(p[2] + "@example.hu"), p[3] == null ? List.of() : List.of(p[3]),
                        new Address(null, "Pécs", null, null, "HU"), null)).customer());
            }
        }
    }

    @AfterEach
    void close() {
        index.close();
    }

    private DuplicatePairs openPairs() {
        return DuplicatePairs.open(dir.resolve("review.ndjson"), Clock.systemUTC());
    }

    /** The four pairs scored by {@code scorer}, recorded as scored under {@code rules}. */
    private void recordPairs(DuplicatePairs pairs, MatchScorer scorer, String rules) {
        List<DuplicatePairs.Found> found = new ArrayList<>();
        for (int i = 0; i < customers.size(); i += 2) {
            Customer a = customers.get(i);
            Customer b = customers.get(i + 1);
            found.add(new DuplicatePairs.Found(a, b, scorer.score(a, b)));
        }
        assertThat(pairs.record(found).added()).isEqualTo(4);
        pairs.scoredUnder(rules);
    }

    private String pairId(int pair) {
        return DuplicatePairs.pairId(customers.get(2 * pair).id(), customers.get(2 * pair + 1).id());
    }

    private MatchResult score(MatchScorer scorer, int pair) {
        return scorer.score(customers.get(2 * pair), customers.get(2 * pair + 1));
    }

    private static MatchScorer scorer(Map<String, Double> dedup) {
        return new MatchScorer(MatchConfigs.from(dedup), Nicknames.load());
    }

    @Test
    void a_changed_dedup_config_scores_every_pending_pair_again_and_drops_the_ones_no_longer_duplicates() {
        // Less weight for a shared e-mail; then thresholds between the first pair's new score and the others'.
        MatchScorer lighter = scorer(Map.of("weights.emails.high", 0.9));
        double keep = score(lighter, 0).score();
        double others = Math.max(score(lighter, 1).score(), Math.max(score(lighter, 2).score(),
                score(lighter, 3).score()));
        assertThat(keep).isGreaterThan(others);
        double t = (keep + others) / 2;
        MatchScorer changed = scorer(Map.of("weights.emails.high", 0.9, "likely_threshold", t,
                "possible_threshold", t));
        assertThat(score(changed, 0).score()).isNotEqualTo(score(defaults, 0).score());
        assertThat(score(changed, 0).decision().isMatch()).isTrue();
        assertThat(score(changed, 1).decision().isMatch()).isFalse();

        try (DuplicatePairs pairs = openPairs()) {
            recordPairs(pairs, defaults, ScoringRules.fingerprint(MatchConfig.DEFAULTS));
            PairRescorer rescorer = new PairRescorer(store, changed, pairs);
            assertThat(rescorer.rulesChanged()).isTrue();
            assertThat(rescorer.rescoreAll()).isEqualTo(new DuplicatePairs.Rescored(1, 3));
            assertThat(rescorer.rulesChanged()).isFalse();
            assertThat(rescorer.rescoring()).isEmpty();
        }
        try (DuplicatePairs pairs = openPairs()) {
            assertThat(pairs.pendingIds()).containsExactly(pairId(0));
            DuplicatePairs.Pair p = pairs.get(pairId(0)).orElseThrow();
            assertThat(p.score()).isEqualTo(score(changed, 0).score());
            assertThat(p.fields()).isEqualTo(score(changed, 0).fields());
            assertThat(pairs.scoringRules()).isEqualTo(ScoringRules.fingerprint(changed.config()));
        }
    }

    @Test
    void a_new_rules_version_scores_every_pending_pair_again() {
        // Pairs scored by older rules: here, as another config would have scored them, recorded as version - 1.
        MatchScorer older = scorer(Map.of("weights.emails.high", 0.9));
        assertThat(ScoringRules.fingerprint(ScoringRules.VERSION - 1, MatchConfig.DEFAULTS))
                .isNotEqualTo(ScoringRules.fingerprint(MatchConfig.DEFAULTS));
        try (DuplicatePairs pairs = openPairs()) {
            recordPairs(pairs, older, ScoringRules.fingerprint(ScoringRules.VERSION - 1, MatchConfig.DEFAULTS));
            PairRescorer rescorer = new PairRescorer(store, defaults, pairs);
            assertThat(rescorer.rulesChanged()).isTrue();
            assertThat(rescorer.rescoreAll().rescored()).isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                assertThat(pairs.get(pairId(i)).orElseThrow().score()).isEqualTo(score(defaults, i).score())
                        .isNotEqualTo(score(older, i).score());
            }
            assertThat(pairs.scoringRules()).isEqualTo(ScoringRules.fingerprint(MatchConfig.DEFAULTS));
        }
    }

    @Test
    void unchanged_rules_and_config_rescore_nothing_and_write_nothing() throws Exception {
        MatchScorer older = scorer(Map.of("weights.emails.high", 0.9));
        try (DuplicatePairs pairs = openPairs()) {
            // Scores the current rules would not give, but recorded as scored under them: left alone.
            recordPairs(pairs, older, ScoringRules.fingerprint(MatchConfig.DEFAULTS));
        }
        Path journal = dir.resolve("review.ndjson");
        byte[] before = Files.readAllBytes(journal);
        try (DuplicatePairs pairs = openPairs()) {
            PairRescorer rescorer = new PairRescorer(store, defaults, pairs);
            assertThat(rescorer.rulesChanged()).isFalse();
            assertThat(rescorer.rescoreAll()).isEqualTo(new DuplicatePairs.Rescored(0, 0));
            assertThat(pairs.get(pairId(0)).orElseThrow().score()).isEqualTo(score(older, 0).score());
        }
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
    }

    @Test
    void a_rescore_stopped_halfway_records_no_fingerprint_and_is_done_again_at_the_next_start() {
        MatchScorer older = scorer(Map.of("weights.emails.high", 0.9));
        String olderRules = ScoringRules.fingerprint(ScoringRules.VERSION - 1, MatchConfig.DEFAULTS);
        try (DuplicatePairs pairs = openPairs()) {
            recordPairs(pairs, older, olderRules);
            PairRescorer rescorer = new PairRescorer(store, defaults, pairs);
            assertThatThrownBy(() -> rescorer.rescoreAll(1, done -> {
                if (done == 2) {
                    throw new IllegalStateException("crash");
                }
            })).hasMessage("crash");
            assertThat(rescorer.rescoring()).isEmpty();
            assertThat(pairs.get(pairId(1)).orElseThrow().score()).isEqualTo(score(defaults, 1).score());
            assertThat(pairs.get(pairId(2)).orElseThrow().score()).isEqualTo(score(older, 2).score());
        }
        try (DuplicatePairs pairs = openPairs()) {
            assertThat(pairs.scoringRules()).isEqualTo(olderRules);
            PairRescorer rescorer = new PairRescorer(store, defaults, pairs);
            assertThat(rescorer.rulesChanged()).isTrue();
            // The two pairs done before the stop score as recorded: only the other two are written again.
            assertThat(rescorer.rescoreAll().rescored()).isEqualTo(2);
            for (int i = 0; i < 4; i++) {
                assertThat(pairs.get(pairId(i)).orElseThrow().score()).isEqualTo(score(defaults, i).score());
            }
            assertThat(pairs.scoringRules()).isEqualTo(ScoringRules.fingerprint(MatchConfig.DEFAULTS));
        }
    }

    @Test
    void a_pair_decided_while_the_rescore_runs_stays_decided_and_one_pending_again_meanwhile_is_scored_too() {
        MatchScorer older = scorer(Map.of("weights.emails.high", 0.9));
        try (DuplicatePairs pairs = openPairs()) {
            recordPairs(pairs, older, ScoringRules.fingerprint(ScoringRules.VERSION - 1, MatchConfig.DEFAULTS));
            PairRescorer rescorer = new PairRescorer(store, defaults, pairs);
            List<PairRescorer.Progress> seen = new ArrayList<>();
            DuplicatePairs.Rescored r = rescorer.rescoreAll(1, done -> {
                seen.add(rescorer.rescoring().orElseThrow());
                if (done == 1) { // reviewers, while the rescore runs: one dismisses, one starts a merge
                    assertThat(pairs.dismiss(pairId(2))).isTrue();
                    assertThat(pairs.startMerge(pairId(3), "m_1", customers.get(6), customers.get(7),
                            customers.get(6))).isTrue();
                } else if (done == 4) { // the merge failed: pending again, with the score it had
                    pairs.finishMerge("m_1", null);
                }
            });
            assertThat(seen).first().isEqualTo(new PairRescorer.Progress(1, 4));
            assertThat(seen).last().isEqualTo(new PairRescorer.Progress(5, 5));
            assertThat(r.rescored()).isEqualTo(3);
            DuplicatePairs.Pair dismissed = pairs.get(pairId(2)).orElseThrow();
            assertThat(dismissed.status()).isEqualTo(DuplicatePairs.Status.DISMISSED);
            assertThat(dismissed.score()).isEqualTo(score(older, 2).score());
            for (int i : new int[] {0, 1, 3}) {
                DuplicatePairs.Pair p = pairs.get(pairId(i)).orElseThrow();
                assertThat(p.status()).isEqualTo(DuplicatePairs.Status.PENDING);
                assertThat(p.score()).isEqualTo(score(defaults, i).score());
            }
            assertThat(pairs.scoringRules()).isEqualTo(ScoringRules.fingerprint(MatchConfig.DEFAULTS));
        }
    }

    @Test
    void the_review_queue_says_how_far_a_rescore_is_while_it_runs_and_nothing_after() {
        try (DuplicatePairs pairs = openPairs(); dev.clientele.jobs.Jobs jobs = new dev.clientele.jobs.Jobs()) {
            MatchScorer older = scorer(Map.of("weights.emails.high", 0.9));
            recordPairs(pairs, older, ScoringRules.fingerprint(ScoringRules.VERSION - 1, MatchConfig.DEFAULTS));
            DuplicateService service = new DuplicateService(store, new dev.clientele.search.CandidateFinder(index),
                    defaults, pairs, jobs);
            List<PairRescorer.Progress> told = new ArrayList<>();
            service.rescorer().rescoreAll(2, done -> told.add(service.queue(DuplicatePairs.Status.PENDING, 0, null,
                    20).rescoring()));
            assertThat(told).containsExactly(new PairRescorer.Progress(2, 4), new PairRescorer.Progress(4, 4));
            assertThat(service.queue(DuplicatePairs.Status.PENDING, 0, null, 20).rescoring()).isNull();
        }
    }
}
