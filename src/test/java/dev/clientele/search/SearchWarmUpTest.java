package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.index.CustomerIndex;
import dev.clientele.store.CustomerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchWarmUpTest {
    @TempDir
    Path dir;

    @Test
    void queries_the_names_of_stored_customers_and_nothing_on_an_empty_index() {
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"))) {
            assertThat(SearchWarmUp.run(index, () -> false)).isZero();
            CustomerStore store = new CustomerStore(index);
            CustomerGenerator gen = new CustomerGenerator(3, List.of("hu", "ru", "de", "en"));
            List<CustomerStore.BatchItem> items = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Customer c = gen.next();
                items.add(CustomerStore.BatchItem.of(c));
            }
            store.writeBatch(items);
            index.refresh();
            int persons = (int) items.stream().filter(i -> i.customer().firstName() != null
                    && i.customer().lastName() != null && i.customer().lastName().length() >= 3).count();
            assertThat(persons).isPositive();
            assertThat(SearchWarmUp.run(index, () -> false)).isEqualTo(4 * persons);
            assertThat(SearchWarmUp.run(index, () -> true)).isZero();
        }
    }
}
