package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.store.CustomerStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search quality, not speed: the known-item procedure of BENCHMARKS.md on 3,000 generated customers. */
class KnownItemTest {
    @TempDir
    Path dir;

    @Test
    void corrupted_names_find_their_customer_with_mrr_of_at_least_0_9() {
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"))) {
            CustomerStore store = new CustomerStore(index);
            List<Customer> customers = KnownItem.load(store, 3000, 7);
            KnownItem.Result r = KnownItem.run(new CustomerSearcher(index), customers, 300, 11);
            assertThat(r.mrr()).as(r + "\n" + String.join("\n", r.misses())).isGreaterThanOrEqualTo(0.9);
        }
    }
}
