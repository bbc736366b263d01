package dev.clientele.privacy;

import dev.clientele.customer.Customer;
import dev.clientele.dedup.DuplicatePairs;
import dev.clientele.store.CustomerStore;
import java.time.Clock;
import java.time.Instant;
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

    /** What an erasure did. */
    public record Receipt(String customerId, Instant erasedAt) {
    }

    /** Erases a customer. @throws dev.clientele.customer.CustomerNotFoundException if there is none */
    public Receipt erase(String id) {
        Customer c = store.get(id);
        Instant at = clock.instant();
        // The tombstone first: if we crash after it, the start-up re-applies the erasure.
        tombstones.record(c, store.history(c.id(), 10_000), at);
        store.index().erase(c.id(), c.externalId());
        pairs.forget(c.id());
        LOG.info("erased customer {}", c.id());
        return new Receipt(c.id(), at);
    }

    /** Erases again every tombstoned customer that is present (after a backup was restored, or a crash). */
    public int reapply() {
        int n = 0;
        for (String id : tombstones.erasedIds()) {
            var c = store.find(id);
            if (c.isPresent()) {
                store.index().erase(id, c.get().externalId());
                pairs.forget(id);
                n++;
            }
        }
        if (n > 0) {
            LOG.info("re-applied {} erasure(s) recorded after the index was last written", n);
        }
        return n;
    }
}
