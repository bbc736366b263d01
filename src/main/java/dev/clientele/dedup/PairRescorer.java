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
        List<DuplicatePairs.Pair> pending = pairs.pendingOf(customerIds);
        if (pending.isEmpty()) {
            return;
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
        DuplicatePairs.Rescored done = pairs.rescored(rescored, dropped);
        LOG.debug("{} changed customers: {} review pairs rescored, {} dropped", customerIds.size(), done.rescored(),
                done.dropped());
    }
}
