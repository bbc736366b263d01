package dev.clientele.dedup;

import dev.clientele.customer.Customer;
import dev.clientele.store.CustomerStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the review queue's pending pairs true to their customers: as the {@link CustomerStore}'s
 * {@link CustomerStore.ChangeListener}, it rescores a pending pair as soon as one of its customers changes what
 * matching reads (a PUT, PATCH, import or bulk upsert, a list edit, a merge of one of them with a third) or is
 * deleted, once that change is durable, on the writer's thread. The pair takes the score, decision and explanation
 * of the records as they are now; one that is no longer a likely or possible duplicate, or whose customer is gone,
 * leaves the queue. A decided pair (dismissed, merged) is history and stays as it was decided.
 *
 * <p><b>Why on write, not when the queue is read.</b> The queue's groups are kept between reads until something
 * changes (a second or so to build with 30k pairs at 1M customers); checking each pair's records for changes at
 * every read would cost as much again, after every write. On write, the store asks {@link #wants} for each customer
 * it updates: one hash look-up for a customer in no pending pair, which is nearly every customer of an import, and
 * a comparison of the fields matching reads for the others (tags, notes or purchases change no score). Only the
 * pairs of customers that did change are scored again, and the journal says so, so the queue is current after a
 * restart too.
 *
 * <p><b>Other rules.</b> A pair's score depends on the matching code and the {@code dedup} config too: when either
 * changed since the pending pairs were scored (the journal's {@link ScoringRules} fingerprint differs),
 * {@link #rescoreAll} scores every pending pair again, a chunk at a time, while the API serves.
 *
 * <p>Thread-safe; rescoring is serialised, so that of two changes of one customer the later one's reading is
 * recorded last.
 */
public final class PairRescorer implements CustomerStore.ChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(PairRescorer.class);

    private final CustomerStore store;
    private final MatchScorer scorer;
    private final DuplicatePairs pairs;
    private int staleChecks; // guarded by this

    /** How often {@link #rescoreStale} has run on this rescorer (at most once a start; none after a clean stop). */
    public synchronized int staleChecks() {
        return staleChecks;
    }

    /** Changes wanted ({@link #wants}) and not yet rescored ({@link #changed}), by customer. */
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> unsettled =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The {@link ScoringRules} fingerprint of {@link #scorer}'s rules and config. */
    private final String rules;
    /** How far {@link #rescoreAll} is, while it runs; null otherwise. */
    private volatile Progress running;

    /** Pending pairs scored together by {@link #rescoreAll}, each chunk one fsync (about half a second at 1M). */
    static final int CHUNK = 500;

    public PairRescorer(CustomerStore store, MatchScorer scorer, DuplicatePairs pairs) {
        this.store = Objects.requireNonNull(store, "store");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.pairs = Objects.requireNonNull(pairs, "pairs");
        this.rules = ScoringRules.fingerprint(scorer.config());
    }

    /** How far a rescore of every pending pair is: pairs {@code done} of {@code total}. */
    public record Progress(int done, int total) {
    }

    /** The progress of {@link #rescoreAll} while it runs, else empty. */
    public Optional<Progress> rescoring() {
        return Optional.ofNullable(running);
    }

    /**
     * Whether the pending pairs were scored under other rules or another config than this rescorer's (or the journal
     * does not say, as journals from before it did), so {@link #rescoreAll} has work to do.
     */
    public boolean rulesChanged() {
        return !rules.equals(pairs.scoringRules());
    }

    /**
     * When the pending pairs were scored under other matching rules or another {@code dedup} config
     * ({@link #rulesChanged}), scores every one of them again on its records as they are now, then records the
     * current fingerprint in the journal; otherwise does nothing (and writes nothing). A pair that is no longer a
     * likely or possible duplicate leaves the queue, as after an edit.
     *
     * <p>Meant to run while the API serves (about 27 s for 30k pairs at 1M customers): it takes the pairs
     * {@link #CHUNK} at a time, each chunk under this rescorer's lock, so a write of one of their customers waits for
     * one chunk at most, and its own rescore, recorded after, has the last word. A pair decided meanwhile (dismissed,
     * merged) stays decided ({@link DuplicatePairs#rescored} leaves a pair that is no longer pending). Pairs pending
     * again meanwhile (a merge undone or abandoned) or found meanwhile are scored in a last round. A stop or crash
     * before the end leaves the fingerprint as it was, so the next start does it again (the chunks done are no work
     * then: an unchanged score writes nothing).
     *
     * @return the pairs scored again or dropped
     */
    public DuplicatePairs.Rescored rescoreAll() {
        return rescoreAll(CHUNK, done -> { });
    }

    /**
     * As {@link #rescoreAll()}, {@code chunk} pairs at a time, telling {@code afterChunk} the pairs done after each
     * chunk (tests stop it there, or decide a pair meanwhile).
     */
    DuplicatePairs.Rescored rescoreAll(int chunk, java.util.function.IntConsumer afterChunk) {
        if (!rulesChanged()) {
            return new DuplicatePairs.Rescored(0, 0);
        }
        long t0 = System.nanoTime();
        String before = pairs.scoringRules();
        List<String> ids = pairs.pendingIds();
        Set<String> seen = new java.util.HashSet<>();
        int rescored = 0;
        int dropped = 0;
        try {
            running = new Progress(0, ids.size());
            for (int round = 0; round < 2 && !ids.isEmpty(); round++) {
                for (int from = 0; from < ids.size(); from += chunk) {
                    List<String> some = ids.subList(from, Math.min(ids.size(), from + chunk));
                    DuplicatePairs.Rescored done;
                    synchronized (this) {
                        List<DuplicatePairs.Pair> pending = pairs.pending(some);
                        pending.forEach(p -> seen.add(p.pairId()));
                        done = rescore(pending);
                    }
                    rescored += done.rescored();
                    dropped += done.dropped();
                    Progress p = running;
                    running = new Progress(p.done() + some.size(), p.total());
                    afterChunk.accept(running.done());
                }
                ids = pairs.pendingIds().stream().filter(id -> !seen.contains(id)).toList();
                running = new Progress(running.done(), running.total() + ids.size());
            }
            pairs.scoredUnder(rules);
        } finally {
            running = null;
        }
        if (seen.isEmpty()) {
            LOG.debug("no pending review pairs; the matching rules are recorded as {}", rules);
        } else {
            LOG.info("review pairs were scored under other matching rules or dedup settings ({} → {}): {} pending "
                    + "pairs scored again in {} ms, {} changed, {} dropped", before == null ? "none recorded" : before,
                    rules, seen.size(), (System.nanoTime() - t0) / 1_000_000, rescored, dropped);
        }
        return new DuplicatePairs.Rescored(rescored, dropped);
    }

    /**
     * Scores again the pending pairs whose records are not at the versions they were last scored at (or whose
     * versions the journal does not hold, as in journals written before it did): a change committed just before a
     * crash, whose rescore never ran, or one written while no listener was there. Call at start, before the API
     * serves. Costs one doc-values read per customer in a pending pair, and a rescore of the pairs that moved only.
     *
     * @return the pairs scored again or dropped
     */
    public synchronized int rescoreStale() {
        staleChecks++;
        List<DuplicatePairs.ScoredVersions> pending = pairs.pendingScoredVersions();
        if (pending.isEmpty()) {
            return 0;
        }
        Set<String> ids = new java.util.HashSet<>();
        for (DuplicatePairs.ScoredVersions p : pending) {
            ids.add(p.leftId());
            ids.add(p.rightId());
        }
        Map<String, Long> now = store.versions(ids);
        Set<String> moved = new java.util.HashSet<>();
        for (DuplicatePairs.ScoredVersions p : pending) {
            if (p.leftVersion() == null || p.rightVersion() == null || !p.leftVersion().equals(now.get(p.leftId()))
                    || !p.rightVersion().equals(now.get(p.rightId()))) {
                moved.add(p.leftId());
                moved.add(p.rightId());
            }
        }
        if (moved.isEmpty()) {
            return 0;
        }
        DuplicatePairs.Rescored done = rescore(moved);
        LOG.info("{} review pairs were scored on records that changed since (a crash before their rescore, or an "
                + "older journal): {} rescored, {} dropped", done.rescored() + done.dropped(), done.rescored(),
                done.dropped());
        return done.rescored() + done.dropped();
    }

    /** Whether the customer is in a pending pair and the change touches what matching reads, or deletes it. */
    @Override
    public boolean wants(Customer before, Customer after) {
        boolean wanted = pairs.hasPending(before.id()) && (after == null || !scorer.readsSame(before, after));
        if (wanted) {
            unsettled.merge(before.id(), 1, Integer::sum);
        }
        return wanted;
    }

    /**
     * Whether every change this rescorer wanted has been rescored: none is still being written, none failed to
     * rescore (its pairs then still hold the versions before it). A clean stop is recorded only then, so that the
     * next start may skip {@link #rescoreStale}.
     */
    public boolean settled() {
        return unsettled.isEmpty();
    }

    /**
     * Scores the pending pairs of these customers on both records as they are now; one that is no longer a likely or
     * possible duplicate, or whose other customer is gone, is dropped from the queue.
     */
    @Override
    public synchronized void changed(Set<String> customerIds) {
        DuplicatePairs.Rescored done = rescore(customerIds);
        for (String id : customerIds) { // one change each (a change wanted meanwhile stays until it is told)
            unsettled.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
        }
        LOG.debug("{} changed customers: {} review pairs rescored, {} dropped", customerIds.size(), done.rescored(),
                done.dropped());
    }

    private DuplicatePairs.Rescored rescore(Set<String> customerIds) {
        return rescore(pairs.pendingOf(customerIds));
    }

    private DuplicatePairs.Rescored rescore(List<DuplicatePairs.Pair> pending) {
        if (pending.isEmpty()) {
            return new DuplicatePairs.Rescored(0, 0);
        }
        Map<String, Optional<Customer>> read = new HashMap<>();
        List<DuplicatePairs.Found> rescored = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (DuplicatePairs.Pair p : pending) {
            Optional<Customer> left = read.computeIfAbsent(p.leftId(), store::find);
            Optional<Customer> right = read.computeIfAbsent(p.rightId(), store::find);
            MatchResult r = left.isPresent() && right.isPresent() ? scorer.score(left.get(), right.get()) : null;
            if (r != null && r.decision().isMatch()) {
                rescored.add(new DuplicatePairs.Found(left.get(), right.get(), r));
            } else {
                dropped.add(p.pairId());
            }
        }
        return pairs.rescored(rescored, dropped);
    }
}
