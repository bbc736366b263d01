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
 * <p>Thread-safe; rescoring is serialised, so that of two changes of one customer the later one's reading is
 * recorded last.
 */
public final class PairRescorer implements CustomerStore.ChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(PairRescorer.class);

    private final CustomerStore store;
    private final MatchScorer scorer;
    private final DuplicatePairs pairs;

    public PairRescorer(CustomerStore store, MatchScorer scorer, DuplicatePairs pairs) {
        this.store = Objects.requireNonNull(store, "store");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.pairs = Objects.requireNonNull(pairs, "pairs");
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
        List<DuplicatePairs.ScoredAt> pending = pairs.pendingScoredAt();
        if (pending.isEmpty()) {
            return 0;
        }
        Set<String> ids = new java.util.HashSet<>();
        for (DuplicatePairs.ScoredAt p : pending) {
            ids.add(p.leftId());
            ids.add(p.rightId());
        }
        Map<String, Long> now = store.versions(ids);
        Set<String> moved = new java.util.HashSet<>();
        for (DuplicatePairs.ScoredAt p : pending) {
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
        return pairs.hasPending(before.id()) && (after == null || !scorer.readsSame(before, after));
    }

    /**
     * Scores the pending pairs of these customers on both records as they are now; one that is no longer a likely or
     * possible duplicate, or whose other customer is gone, is dropped from the queue.
     */
    @Override
    public synchronized void changed(Set<String> customerIds) {
        DuplicatePairs.Rescored done = rescore(customerIds);
        LOG.debug("{} changed customers: {} review pairs rescored, {} dropped", customerIds.size(), done.rescored(),
                done.dropped());
    }

    private DuplicatePairs.Rescored rescore(Set<String> customerIds) {
        List<DuplicatePairs.Pair> pending = pairs.pendingOf(customerIds);
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
