package dev.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerIdsTest {
    @Test
    void ids_are_unique_valid_and_sort_by_creation_time() throws InterruptedException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = CustomerIds.newId();
            assertThat(CustomerIds.isValid(id)).as(id).isTrue();
            assertThat(seen.add(id)).isTrue();
        }
        String earlier = CustomerIds.newId();
        Thread.sleep(3);
        assertThat(CustomerIds.newId().substring(0, 10)).isGreaterThan(earlier.substring(0, 10));
    }

    @Test
    void rejects_foreign_shapes() {
        assertThat(CustomerIds.isValid(null)).isFalse();
        assertThat(CustomerIds.isValid("42")).isFalse();
        assertThat(CustomerIds.isValid("01M8AHFTMH1P47RNX7G21P3TDP")).isFalse();
        assertThat(CustomerIds.isValid("01m8ahftmh1p47rnx7g21p3tdu")).isFalse(); // u is not Crockford
    }
}
