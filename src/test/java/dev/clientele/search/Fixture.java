package dev.clientele.search;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import dev.clientele.index.CustomerIndex;
import dev.clientele.store.CustomerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small multilingual customer fixture on a fresh index in a temp dir, with handles by name. */
final class Fixture implements AutoCloseable {
    final CustomerIndex index;
    final CustomerStore store;
    final CustomerSearcher searcher;
    final Suggester suggester;
    final Map<String, String> ids = new LinkedHashMap<>();

    Fixture(Path dir) {
        index = CustomerIndex.open(dir.resolve("index"));
        store = new CustomerStore(index, new TickingClock());
        searcher = new CustomerSearcher(index);
        suggester = new Suggester(index);
    }

    /** A person; {@code key} names it for {@link #id}. */
    static Customer person(String first, String last, String company, List<String> emails, List<String> phones,
                           String city, String postalCode, String country, List<String> tags, String notes,
                           String rep) {
        return new Customer(null, null, Kind.PERSON, first, last, company, null, emails, phones,
                new Address(null, city, null, postalCode, country), null, null, rep, notes, tags, null, null, null,
                null, null, null, null, null, null, List.of(), null, null, null, null, null, null);
    }

    static Customer person(String first, String last) {
        return person(first, last, null, List.of(), List.of(), null, null, null, List.of(), null, null);
    }

    private final List<String> pendingKeys = new ArrayList<>();
    private final List<CustomerStore.BatchItem> pending = new ArrayList<>();

    /** Adds a customer (written at the next {@link #refresh}, one commit for all). */
    Fixture add(String key, Customer c) {
        pendingKeys.add(key);
        pending.add(CustomerStore.BatchItem.of(c));
        return this;
    }

    Fixture refresh() {
        if (!pending.isEmpty()) {
            List<CustomerStore.BatchResult> results = store.writeBatch(pending);
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).error() != null) {
                    throw results.get(i).error();
                }
                ids.put(pendingKeys.get(i), results.get(i).result().customer().id());
            }
            pending.clear();
            pendingKeys.clear();
        }
        index.refresh();
        return this;
    }

    String id(String key) {
        String id = ids.get(key);
        if (id == null) {
            throw new IllegalArgumentException("no fixture customer " + key);
        }
        return id;
    }

    /** The fixture keys of the hits for q, best first. */
    List<String> keys(String q) {
        return keys(searcher.search(SearchRequest.of(q)));
    }

    List<String> keys(SearchResult r) {
        List<String> out = new ArrayList<>();
        for (SearchResult.Hit h : r.hits()) {
            out.add(ids.entrySet().stream().filter(e -> e.getValue().equals(h.id())).map(Map.Entry::getKey)
                    .findFirst().orElse(h.id()));
        }
        return out;
    }

    SearchResult.Hit hit(String q, String key) {
        return searcher.search(SearchRequest.of(q)).hits().stream().filter(h -> h.id().equals(id(key))).findFirst()
                .orElseThrow(() -> new AssertionError(key + " not found by " + q));
    }

    /** The standard multilingual fixture. */
    static Fixture multilingual(Path dir) {
        Fixture f = new Fixture(dir);
        f.add("marton", person("Márton", "Kovács", "Kovács és Társa Kft.", List.of("marton.kovacs@freemail.hu"),
                List.of("+36 1 234 5678"), "Budapest", "1051", "HU", List.of("vip"), null, "Anna Kovács"));
        f.add("marton_plain", person("Marton", "Szabo", null, List.of(), List.of(), "Debrecen", "4024", "HU",
                List.of(), null, null));
        f.add("mueller", person("Jürgen", "Müller", null, List.of("j.mueller@web.de"), List.of("(030) 1234567"),
                "Berlin", "10115", "DE", List.of("newsletter"), null, "Hans Weber"));
        f.add("strasse", person("Petra", "Schulz", "Hauptstraße Bau GmbH", List.of(), List.of(), "München",
                "80331", "DE", List.of(), null, null));
        f.add("ivanov_cyr", person("Сергей", "Иванов", null, List.of("ivanov@mail.ru"),
                List.of("8 (912) 345-67-89"), "Москва", "101000", "RU", List.of(), null, null));
        f.add("ivanova_lat", person("Olga", "Ivanova", null, List.of(), List.of(), "London", "SW1A 1AA", "GB",
                List.of(), null, null));
        f.add("shcherbakov", person("Дмитрий", "Щербаков", null, List.of(), List.of(), "Казань", null, "RU",
                List.of(), null, null));
        f.add("schmidt", person("Karl", "Schmidt", null, List.of(), List.of(), "Hamburg", null, "DE", List.of(),
                null, null));
        f.add("schmitt", person("Erika", "Schmitt", null, List.of(), List.of(), "Köln", null, "DE", List.of(),
                null, null));
        f.add("bence", person("Bence", "Tóth", null, List.of(), List.of(), "Szeged", null, "HU", List.of(), null,
                null));
        f.add("lev", person("Lev", "Tolstoy", null, List.of(), List.of(), "Tula", null, "RU", List.of(), null,
                null));
        f.add("hildegard", person("Hildegard", "Vogel", null, List.of(), List.of(), "Bremen", null, "DE",
                List.of(), null, null));
        f.add("kovach", person("Ivan", "Kovach", null, List.of(), List.of(), "Wien", null, "AT", List.of(), null,
                null));
        f.add("notes_kovacs", person("Eva", "Horvath", null, List.of(), List.of(), "Pécs", null, "HU", List.of(),
                "Referred by kovacs from the trade fair", null));
        f.add("anna_smith", person("Anna", "Smith", null, List.of("anna.smith@example.com"),
                List.of("+44 20 7946 0958"), "London", null, "GB", List.of(), null, null));
        return f.refresh();
    }

    /** A clock one second further on at every reading, so write order is update order. */
    static final class TickingClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicLong seconds = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds.incrementAndGet());
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
