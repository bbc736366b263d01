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
}
