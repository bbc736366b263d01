package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import dev.clientele.text.Nicknames;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryScanTest {

    private final InMemoryScan scan = new InMemoryScan(MatchScorer.withDefaults(), Nicknames.load());

    private static Customer person(String id, String first, String last, String email) {
        return TestCustomers.customer(id, Kind.PERSON, first, last, null, List.of(email), List.of(), null, null);
    }

    @Test
    void finds_the_duplicate_and_leaves_the_rest() {
        List<Customer> customers = List.of(
                person("1", "Rob", "Smith", "rob.smith@example.com"),
                person("2", "Anna", "Weber", "anna@example.de"),
                person("3", "Robert", "Smith", "Rob.Smith@example.com"),
                person("4", "Rachel", "Smith", "rachel.smith@other.example"));
        InMemoryScan.Outcome outcome = scan.scan(customers);
        assertThat(outcome.pairs()).hasSize(1);
        DuplicatePair pair = outcome.pairs().get(0);
        assertThat(List.of(pair.left().id(), pair.right().id())).containsExactly("1", "3");
        assertThat(outcome.comparedPairs()).as("1-3, 1-4, 3-4 share a name key").isEqualTo(3);
    }

    @Test
    void an_empty_list_gives_nothing() {
        InMemoryScan.Outcome outcome = scan.scan(List.of());
        assertThat(outcome.pairs()).isEmpty();
        assertThat(outcome.candidatesPerRecord()).isZero();
    }
}
