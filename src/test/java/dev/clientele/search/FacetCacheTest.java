package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.store.CustomerStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FacetCacheTest {
    @TempDir
    Path dir;

    private static long count(ListResult r, String dim, String value) {
        return r.facets().get(dim).values().stream().filter(v -> v.value().equals(value))
                .mapToLong(ListResult.FacetValue::count).findFirst().orElse(0);
    }

    private static Customer customer(String json) {
        try {
            return dev.clientele.json.Json.MAPPER.readValue(json, Customer.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cached_counts_are_reused_within_a_generation_and_invalidated_by_a_refresh() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            CustomerStore store = new CustomerStore(index);
            store.create(customer("{\"first_name\":\"Ada\",\"tags\":[\"vip\"]}"));
            store.create(Customer.person("Alan", "Turing"));
            index.refresh();
            ListSearcher s = new ListSearcher(index, List.of(BigDecimal.ZERO, BigDecimal.TEN), Clock.systemUTC());
            ListQuery q = ListQuery.all().withFacets("tags", "kind");
            ListResult first = s.search(q);
            long hits = s.countsCacheHits();
            ListResult second = s.search(q);
            assertThat(s.countsCacheHits()).isGreaterThan(hits);
            assertThat(second.facets()).isEqualTo(first.facets());
            assertThat(count(first, "tags", "vip")).isEqualTo(1);

            store.create(customer("{\"first_name\":\"Grace\",\"tags\":[\"vip\"]}"));
            index.refresh();
            ListResult third = s.search(q);
            assertThat(count(third, "tags", "vip")).isEqualTo(2);
            assertThat(count(third, "kind", "person")).isEqualTo(3);
        }
    }

    /** Country counts and spend sums of the live customers, computed from the records. */
    private static java.util.Map<String, List<Long>> bruteForce(CustomerIndex index) {
        java.util.Map<String, List<Long>> out = new java.util.TreeMap<>();
        index.forEach(c -> {
            if (c.address() != null && c.address().country() != null) {
                long cents = c.lifetimeSpend() == null ? 0 : c.lifetimeSpend().movePointRight(2).longValueExact();
                out.merge(c.address().country(), List.of(1L, cents),
                        (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
            }
        });
        return out;
    }

    private static java.util.Map<String, List<Long>> counted(ListResult r) {
        java.util.Map<String, List<Long>> out = new java.util.TreeMap<>();
        for (ListResult.FacetValue v : r.facets().get("country").values()) {
            out.put(v.value(), List.of(v.count(), v.aggregates().spendSum().movePointRight(2).longValueExact()));
        }
        return out;
    }

    @Test
    void unfiltered_counts_after_updates_and_deletes_reuse_unchanged_segments_and_match_the_records() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            CustomerStore store = new CustomerStore(index);
            var gen = new dev.clientele.demo.CustomerGenerator(5, List.of("hu", "de", "en"), 0, java.time.LocalDate.now());
            List<CustomerStore.BatchItem> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(CustomerStore.BatchItem.of(gen.next()));
            }
            store.writeBatch(batch);
            index.refresh();
            ListSearcher s = new ListSearcher(index, List.of(BigDecimal.ZERO, BigDecimal.TEN), Clock.systemUTC());
            ListQuery q = ListQuery.all().withFacets("country");
            ListResult first = s.search(q);
            assertThat(counted(first)).isEqualTo(bruteForce(index));

            // Move some customers to another country, delete others, add new ones: the first segment now has
            // deleted documents, and new segments appear.
            List<Customer> all = new java.util.ArrayList<>();
            index.forEach(all::add);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    Customer c = all.get(round * 40 + i);
                    store.update(c.id(), x -> x.withAddress(new dev.clientele.customer.Address("Fő utca 1",
                            "Szeged", null, "6720", "HU")), null);
                }
                for (int i = 10; i < 15; i++) {
                    store.delete(all.get(round * 40 + i).id(), null);
                }
                store.create(customer("{\"first_name\":\"Neu\",\"last_name\":\"Kunde" + round
                        + "\",\"address\":{\"country\":\"AT\"},\"purchases\":[{\"date\":\"2026-01-02\","
                        + "\"product\":\"x\",\"amount\":12.5}]}"));
                index.refresh();

                ListResult r = s.search(q);
                assertThat(counted(r)).as("round " + round).isEqualTo(bruteForce(index));
            }
            // Counts of segments that outlived a write came from the cache, with their deletions subtracted (a
            // background merge may replace a segment in any one round, so this is over all three).
            assertThat(s.segmentCacheHits()).isGreaterThan(0);
        }
    }

    @Test
    void warming_up_counts_what_the_first_list_view_asks_for() {
        try (CustomerIndex index = CustomerIndex.open(dir)) {
            CustomerStore store = new CustomerStore(index);
            store.create(customer("{\"first_name\":\"Ada\",\"tags\":[\"vip\"],\"address\":{\"country\":\"HU\"}}"));
            index.refresh();
            ListSearcher s = new ListSearcher(index, List.of(BigDecimal.ZERO, BigDecimal.TEN), Clock.systemUTC());
            s.warm();
            long hits = s.countsCacheHits();
            ListResult r = s.search(ListQuery.all().withFacets("country", "city", "tags", "spend", "region"));
            // totals + five dimensions, all counted by the warm-up
            assertThat(s.countsCacheHits() - hits).isEqualTo(6);
            assertThat(count(r, "country", "HU")).isEqualTo(1);
        }
    }
}
