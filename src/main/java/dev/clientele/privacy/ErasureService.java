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
        store.refuseErased(tombstones::matchedField);
    }

    /** Most records one erasure takes besides its own ({@code also}): a person, not a list of customers. */
    public static final int MAX_ALSO = 100;

    /**
     * What an erasure did.
     *
     * @param alsoErased    the records merged into the erased ones earlier (the same person, kept only in their
     *                      history since), erased with them
     * @param relatedErased the records named in {@code also} (the person's other records), erased with it
     * @param erased        every id erased: {@code customerId}, then {@code relatedErased}, then {@code alsoErased}
     * @param filesPurged   whether the index files no longer hold the person; when false, the rewrite runs in the
     *                      background (see {@link #purgeStatus}) and is finished at the next start if the server
     *                      stops first
     */
    public record Receipt(String customerId, Instant erasedAt, List<String> alsoErased, List<String> relatedErased,
                          List<String> erased, boolean filesPurged) {
    }

    /** As {@link #erase(String, List, boolean)} with no other records. */
    public Receipt erase(String id, boolean waitForFiles) {
        return erase(id, List.of(), waitForFiles);
    }

    /**
     * Erases a customer, current or deleted (a deleted one's previous versions still hold it), the person's other
     * records named in {@code also} (see {@link RelatedRecords}), and every record a duplicate merge folded into
     * any of them that was not brought back since: one tombstone each, one index commit and one rewrite of the
     * files for all. The person is gone from reads, searches and history when this returns; their data leaves the
     * index files when the background rewrite is done, which {@code waitForFiles} waits for (about 20 s at 1M
     * customers).
     *
     * @throws dev.clientele.customer.CustomerNotFoundException if {@code id} or one of {@code also} is no customer,
     *     now or in history; then nothing is erased
     * @throws IllegalArgumentException when {@code also} names more than {@link #MAX_ALSO} records
     */
    public Receipt erase(String id, List<String> also, boolean waitForFiles) {
        Instant at = clock.instant();
        java.util.LinkedHashSet<String> related = new java.util.LinkedHashSet<>(also);
        related.remove(id);
        if (related.size() > MAX_ALSO) {
            throw new IllegalArgumentException("also names " + related.size() + " records; at most " + MAX_ALSO
                    + " are erased with one");
        }
        // Every named record is checked before anything is erased: an unknown one refuses the whole erasure.
        for (String r : related) {
            if (store.find(r).isEmpty() && store.history(r, 1).isEmpty()) {
                throw new CustomerNotFoundException(r);
            }
        }
        List<String> merged = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(id);
        todo.addAll(related);
        Set<String> seen = new HashSet<>();
        List<String> ids = new ArrayList<>();
        List<String> externalIds = new ArrayList<>();
        while (!todo.isEmpty()) {
            String next = todo.poll();
            if (!seen.add(next)) {
                continue;
            }
            Optional<Customer> current = store.find(next);
            List<Customer> earlier = store.history(next, 10_000);
            if (current.isEmpty() && earlier.isEmpty()) {
                if (next.equals(id)) {
                    throw new CustomerNotFoundException(id);
                }
                continue; // a merged-away record with no history left, or one erased meanwhile: nothing to erase
            }
            if (!next.equals(id) && !related.contains(next)) {
                merged.add(next);
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
        List<String> relatedErased = related.stream().filter(ids::contains).toList();
        LOG.info("erased customer {}{}{}", id,
                relatedErased.isEmpty() ? "" : " with its related records " + relatedErased,
                merged.isEmpty() ? "" : " and the records merged into them " + merged);
        if (waitForFiles) {
            store.awaitPurge(ticket);
        }
        List<String> all = new ArrayList<>();
        all.add(id);
        all.addAll(relatedErased);
        all.addAll(merged);
        return new Receipt(id, at, List.copyOf(merged), relatedErased, List.copyOf(all), waitForFiles);
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
