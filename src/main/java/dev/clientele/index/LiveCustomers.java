package dev.clientele.index;

import dev.clientele.customer.Customer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.search.ReferenceManager;

/**
 * Written-but-not-yet-searchable customers, so reads by id and by external id are real-time (the idea of
 * Elasticsearch's LiveVersionMap).
 *
 * <p><b>Lifecycle.</b> A write puts its customer (or a deletion marker) here <em>after</em> it reached the
 * IndexWriter. Before each refresh the current map becomes the "old" map and a new one starts; after the
 * refresh the old map is dropped, because every write it holds is now visible to the new searcher. Writes that
 * race with a refresh land in the new map and are kept one refresh longer, which is harmless.
 *
 * <p>Thread-safe.
 */
final class LiveCustomers implements ReferenceManager.RefreshListener {
    /** A looked-up state: present with a customer, or deleted. */
    record Entry(Customer customer) {
        boolean deleted() {
            return customer == null;
        }
    }

    private record Maps(Map<String, Entry> byId, Map<String, String> idByExternal,
                        Map<String, Entry> oldById, Map<String, String> oldIdByExternal) {
    }

    private static final String NO_ID = "";

    private volatile Maps maps = new Maps(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), Map.of(), Map.of());

    void put(Customer c, String previousExternalId) {
        Maps m = maps;
        m.byId().put(c.id(), new Entry(c));
        if (previousExternalId != null && !previousExternalId.equals(c.externalId())) {
            m.idByExternal().put(previousExternalId, NO_ID);
        }
        if (c.externalId() != null) {
            m.idByExternal().put(c.externalId(), c.id());
        }
    }

    void delete(String id, String externalId) {
        Maps m = maps;
        m.byId().put(id, new Entry(null));
        if (externalId != null) {
            m.idByExternal().put(externalId, NO_ID);
        }
    }

    /** Empty when this map knows nothing of the id (ask the searcher); an entry, possibly deleted, otherwise. */
    Optional<Entry> get(String id) {
        Maps m = maps;
        Entry e = m.byId().get(id);
        if (e == null) {
            e = m.oldById().get(id);
        }
        return Optional.ofNullable(e);
    }

    /** Empty when unknown here; Optional of "" when the external id was released; the id otherwise. */
    Optional<String> idForExternal(String externalId) {
        Maps m = maps;
        String id = m.idByExternal().get(externalId);
        if (id == null) {
            id = m.oldIdByExternal().get(externalId);
        }
        return Optional.ofNullable(id);
    }

    static boolean released(String id) {
        return NO_ID.equals(id);
    }

    /** Forgets every entry: after the writer was reopened, the searcher shows exactly what is stored. */
    void clear() {
        maps = new Maps(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), Map.of(), Map.of());
    }

    int size() {
        Maps m = maps;
        return m.byId().size() + m.oldById().size();
    }

    @Override
    public void beforeRefresh() {
        Maps m = maps;
        maps = new Maps(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), m.byId(), m.idByExternal());
    }

    /**
     * Drops what the new searcher now shows. When no new searcher came (nothing changed, or the refresh failed,
     * as it does once a disk failure has closed the writer), the entries are kept: after a failed refresh the
     * searcher may not show them. An entry written meanwhile wins over the older one.
     */
    @Override
    public void afterRefresh(boolean didRefresh) {
        Maps m = maps;
        if (!didRefresh) {
            m.oldById().forEach(m.byId()::putIfAbsent);
            m.oldIdByExternal().forEach(m.idByExternal()::putIfAbsent);
        }
        maps = new Maps(m.byId(), m.idByExternal(), Map.of(), Map.of());
    }
}
