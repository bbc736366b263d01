package dev.clientele.dedup;

import dev.clientele.text.BlockingKeys;
import dev.clientele.customer.Customer;
import dev.clientele.text.Nicknames;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds duplicates in a list of customers held in memory: groups them by {@link BlockingKeys}, scores every pair
 * that shares a key with {@link MatchScorer} and keeps pairs at or above the possible threshold.
 *
 * <p>An index-backed deduplicator is meant to do the same through a blocking-key field; this scan serves
 * evaluation, tests and small batch jobs. Not for large data: blocks are held in memory. Thread-safe (holds no
 * mutable state); each {@link #scan} call is independent.
 */
public final class InMemoryScan {

    /** What a scan found, and how much work blocking let through. */
    public record Outcome(List<DuplicatePair> pairs, long comparedPairs, double candidatesPerRecord) {
    }

    /*
     * A block bigger than this is a key that says nothing ("n:SM0|j" in a city of Smiths); scoring it would be
     * quadratic for little gain, and the other keys of its members still apply.
     */
    private static final int MAX_BLOCK = 1000;

    private final MatchScorer scorer;
    private final Function<Customer, ? extends Iterable<String>> keys;

    public InMemoryScan(MatchScorer scorer, Nicknames nicknames) {
        this(scorer, c -> BlockingKeys.keysFor(c, nicknames));
    }

    public InMemoryScan(MatchScorer scorer, Function<Customer, ? extends Iterable<String>> keys) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Scores every pair that shares a blocking key; returns the pairs at or above the possible threshold. */
    public Outcome scan(List<Customer> customers) {
        Map<String, List<Integer>> blocks = new HashMap<>();
        for (int i = 0; i < customers.size(); i++) {
            for (String key : keys.apply(customers.get(i))) {
                blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        List<List<Integer>> keyLists = new ArrayList<>(customers.size());
        for (int i = 0; i < customers.size(); i++) {
            keyLists.add(new ArrayList<>());
        }
        blocks.values().removeIf(b -> b.size() < 2 || b.size() > MAX_BLOCK);
        Map<Integer, List<List<Integer>>> blocksOf = new HashMap<>();
        for (List<Integer> block : blocks.values()) {
            for (int i : block) {
                blocksOf.computeIfAbsent(i, k -> new ArrayList<>()).add(block);
            }
        }
        List<DuplicatePair> pairs = new ArrayList<>();
        long compared = 0;
        long candidates = 0;
        BitSet seen = new BitSet(customers.size());
        for (int i = 0; i < customers.size(); i++) {
            seen.clear();
            for (List<Integer> block : blocksOf.getOrDefault(i, List.of())) {
                for (int j : block) {
                    if (j != i && !seen.get(j)) {
                        seen.set(j);
                        candidates++;
                        if (j > i) {
                            compared++;
                            MatchResult r = scorer.score(customers.get(i), customers.get(j));
                            if (r.decision().isMatch()) {
                                pairs.add(new DuplicatePair(customers.get(i), customers.get(j), r));
                            }
                        }
                    }
                }
            }
        }
        double perRecord = customers.isEmpty() ? 0 : (double) candidates / customers.size();
        return new Outcome(List.copyOf(pairs), compared, perRecord);
    }
}
