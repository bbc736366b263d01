package dev.clientele.privacy;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.dedup.DuplicatePairs;
import dev.clientele.store.CustomerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GDPR erasure: removes a person from the index files and from history, from the duplicate review journal, and
 * leaves a tombstone so a later import or a restored backup does not bring them back. Thread-safe.
 */
public final class ErasureService {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureService.class);

    private final CustomerStore store;
    private final Tombstones tombstones;
    private final DuplicatePairs pairs;
    private final Clock clock;

    public ErasureService(CustomerStore store, Tombstones tombstones, DuplicatePairs pairs, Clock clock) {
        this.store = store;
        this.tombstones = tombstones;
        this.pairs = pairs;
        this.clock = clock;
        store.refuseErased(tombstones::matches);
    }

    /**
     * What an erasure did.
     *
     * @param alsoErased  the records merged into this one earlier (the same person, kept only in their history
     *                    since), erased with it
     * @param filesPurged whether the index files no longer hold the person; when false, the rewrite runs in the
     *                    background (see {@link #purgeStatus}) and is finished at the next start if the server stops
     *                    first
     */
    public record Receipt(String customerId, Instant erasedAt, List<String> alsoErased, boolean filesPurged) {
    }

    /**
     * Erases a customer, current or deleted (a deleted one's previous versions still hold it), and every record a
     * duplicate merge folded into it that was not brought back since. The person is gone from reads, searches and
     * history when this returns; their data leaves the index files when the background rewrite is done, which
     * {@code waitForFiles} waits for (about 20 s at 1M customers).
     *
     * @throws dev.clientele.customer.CustomerNotFoundException if there is no such customer, now or in history
     */
    public Receipt erase(String id, boolean waitForFiles) {
        Instant at = clock.instant();
        List<String> also = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        Set<String> seen = new HashSet<>();
        List<String> ids = new ArrayList<>();
        List<String> externalIds = new ArrayList<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!seen.add(next)) {
                continue;
            }
            Optional<Customer> current = store.find(next);
            List<Customer> earlier = store.history(next, 10_000);
            if (current.isEmpty() && earlier.isEmpty()) {
                if (next.equals(id)) {
                    throw new CustomerNotFoundException(id);
                }
                continue; // a merged-away record with no history left: nothing to erase
            }
            if (!next.equals(id)) {
                also.add(next);
            }
            // The tombstone first: if we crash after it, the start-up re-applies the erasure.
            tombstones.record(current.orElseGet(() -> earlier.get(0)), earlier, at);
            ids.add(next);
            // A deleted customer's external id was released at the delete and may be someone else's now.
            externalIds.add(current.map(Customer::externalId).orElse(null));
            for (DuplicatePairs.Merge m : pairs.merges()) {
                String removed = m.otherBefore().id();
                if (m.done() && !m.undone() && m.survivorBefore().id().equals(next) && !store.exists(removed)) {
                    todo.add(removed);
                }
            }
        }
        long ticket = store.erase(ids, externalIds);
        pairs.forget(ids);
        LOG.info("erased customer {}{}", id, also.isEmpty() ? "" : " and the records merged into it " + also);
        if (waitForFiles) {
            store.awaitPurge(ticket);
        }
        return new Receipt(id, at, List.copyOf(also), waitForFiles);
    }

    /** Where the background rewrites of the index files stand. */
    public dev.clientele.index.CustomerIndex.PurgeStatus purgeStatus() {
        return store.purgeStatus();
    }

    /**
     * Erases again every tombstoned customer that is present, now or in history (after a backup was restored, or a
     * crash), and forgets the review decisions of every tombstoned customer.
     */
    public int reapply() {
        List<String> ids = new ArrayList<>();
        List<String> externalIds = new ArrayList<>();
        for (String id : tombstones.erasedIds()) {
            var c = store.find(id);
            if (c.isPresent() || !store.history(id, 1).isEmpty()) {
                ids.add(id);
                externalIds.add(c.map(Customer::externalId).orElse(null));
            }
        }
        if (!ids.isEmpty()) {
            store.erase(ids, externalIds);
            LOG.info("re-applied {} erasure(s) recorded after the index was last written", ids.size());
        }
        // Every erased id, not only those the index still held: a crash after an erasure's index commit and before
        // the review journal forgot the person would otherwise leave them there. An erased id never comes back,
        // and a journal that mentions none of them is not touched.
        if (pairs.forget(tombstones.erasedIds())) {
            LOG.info("removed erased customers' review decisions left by an interrupted erasure");
        }
        return ids.size();
    }
}
