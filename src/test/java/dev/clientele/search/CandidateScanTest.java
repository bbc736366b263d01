package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import dev.clientele.index.CustomerIndex;
import dev.clientele.store.CustomerStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateScanTest {
    @TempDir
    Path dir;
    CustomerIndex index;
    CustomerStore store;

    @BeforeEach
    void open() {
        index = CustomerIndex.open(dir.resolve("index"));
        store = new CustomerStore(index);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static Customer person(String first, String last, String email, String phone, Address address,
                                   LocalDate birthday, String company) {
        return new Customer(null, null, Kind.PERSON, first, last, company, "Director",
                email == null ? List.of() : List.of(email), phone == null ? List.of() : List.of(phone), address,
                "Retail", company == null ? null : "https://www.kovacs.example", "Anna Rep", "notes", List.of("vip"),
                null, birthday, company == null ? null : dev.clientele.customer.Gender.FEMALE, null, null, null, null,
                null, null, List.of(), null, null, null, null, null, null);
    }

    private static final Address BUDAPEST = new Address("Fő utca 1", "Budapest", null, "1011", "HU");

    private String create(Customer c) {
        return store.create(c).customer().id();
    }

    private static List<String> ids(List<Customer> customers) {
        return customers.stream().map(Customer::id).toList();
    }

    @Test
    void holds_every_live_customer_with_its_match_data() {
        create(person("Anna", "Kovács", "anna.kovacs@example.hu", "+36 1 234 5678", BUDAPEST,
                LocalDate.of(1980, 5, 31), "Kovács Kft."));
        String gone = create(person("Anna", "Kovacs", null, null, BUDAPEST, null, null));
        create(person("Иван", "Иванов", null, null, null, LocalDate.of(1905, 1, 2), null));
        create(new Customer(null, null, Kind.COMPANY, null, null, "Ромашка", null, List.of(), List.of(), null, null,
                null, null, null, List.of(), null, null, null, null, null, null, null, null, null, List.of(), null,
                null, null, null, null, null));
        store.delete(gone, null);
        index.refresh();

        CandidateScan scan = CandidateScan.open(index, 2);

        List<Customer> stored = new ArrayList<>();
        index.forEach(stored::add);
        assertThat(scan.size()).isEqualTo(3);
        for (int n = 0; n < scan.size(); n++) {
            Customer s = scan.customer(n);
            Customer full = stored.get(n);
            assertThat(s.id()).isEqualTo(full.id());
            assertThat(s.kind()).isEqualTo(full.kind());
            assertThat(s.firstName()).isEqualTo(full.firstName());
            assertThat(s.lastName()).isEqualTo(full.lastName());
            assertThat(s.company()).isEqualTo(full.company());
            assertThat(s.emails()).isEqualTo(full.emails());
            assertThat(s.phones()).isEqualTo(full.phones());
            assertThat(s.gender()).isEqualTo(full.gender());
            assertThat(s.website()).isEqualTo(full.website());
            assertThat(s.address()).isEqualTo(full.address());
            assertThat(s.birthday()).isEqualTo(full.birthday());
            assertThat(s.version()).isNotNull().isEqualTo(full.version()); // what a found pair records it scored
        }
        assertThat(ids(List.of(scan.customer(0), scan.customer(1), scan.customer(2)))).doesNotContain(gone);
    }

    @Test
    void candidates_are_later_customers_sharing_keys_most_shared_first() {
        String first = create(person("Anna", "Kovács", "anna.kovacs@example.hu", "+36 1 234 5678", BUDAPEST,
                LocalDate.of(1980, 5, 31), null));
        String unrelated = create(person("Bob", "Smith", "bob@example.com", "+44 20 7946 0000",
                new Address("1 High Street", "London", null, "SW1A 1AA", "GB"), null, null));
        String namesake = create(person("Anna", "Kovács", "other@example.hu", null, null, null, null));
        String duplicate = create(person("Anna", "Kovacs", "anna.kovacs@example.hu", "06 1 234 5678", BUDAPEST,
                LocalDate.of(1980, 5, 31), null));
        String gone = create(person("Anna", "Kovács", "anna.kovacs@example.hu", "+36 1 234 5678", BUDAPEST,
                LocalDate.of(1980, 5, 31), null));
        store.delete(gone, null);
        index.refresh();

        CandidateScan scan = CandidateScan.open(index, 1);
        CandidateScan.Reader reader = scan.reader();
        List<String> order = new ArrayList<>();
        for (int n = 0; n < scan.size(); n++) {
            order.add(scan.customer(n).id());
        }
        // Scan order is index order, which merges may change; each pair is found from its earlier side.
        assertThat(order).containsExactlyInAnyOrder(first, unrelated, namesake, duplicate);
        java.util.function.ToIntFunction<String> at = order::indexOf;

        // first: the duplicate shares name, email, phone, address and birthday; the namesake the name only.
        List<String> ofFirst = new ArrayList<>(List.of(duplicate, namesake));
        ofFirst.removeIf(id -> at.applyAsInt(id) < at.applyAsInt(first));
        assertThat(ids(reader.candidates(at.applyAsInt(first), 20))).containsExactlyElementsOf(ofFirst);
        if (!ofFirst.isEmpty()) {
            assertThat(ids(reader.candidates(at.applyAsInt(first), 1))).containsExactly(ofFirst.get(0));
        }
        assertThat(reader.candidates(at.applyAsInt(unrelated), 20)).isEmpty();
        List<String> ofNamesake = at.applyAsInt(duplicate) > at.applyAsInt(namesake) ? List.of(duplicate)
                : at.applyAsInt(first) > at.applyAsInt(namesake) ? List.of(first) : List.of();
        List<String> fromNamesake = ids(reader.candidates(at.applyAsInt(namesake), 20));
        assertThat(fromNamesake).containsAll(ofNamesake).doesNotContain(unrelated);
        for (String id : fromNamesake) {
            assertThat(at.applyAsInt(id)).isGreaterThan(at.applyAsInt(namesake));
        }
        // The counts are reset between calls.
        assertThat(ids(reader.candidates(at.applyAsInt(first), 20))).containsExactlyElementsOf(ofFirst);
    }

    @Test
    void a_large_block_of_weak_ties_is_not_compared_all_with_all() {
        List<CustomerStore.BatchItem> namesakes = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            namesakes.add(CustomerStore.BatchItem.of(person("Anna", "Kovács", null, null, null, null, null)));
        }
        store.writeBatch(namesakes);
        index.refresh();

        CandidateScan scan = CandidateScan.open(index, 2);
        CandidateScan.Reader reader = scan.reader();

        // Each shares the same keys with all 69 others: the 61 it ranks first are the lowest numbers.
        assertThat(ids(reader.candidates(0, 20))).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(n -> scan.customer(n).id()).toList());
        assertThat(ids(reader.candidates(50, 20))).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(51, 61).mapToObj(n -> scan.customer(n).id()).toList());
        assertThat(reader.candidates(65, 20)).isEmpty();
    }

    @Test
    void an_empty_index_has_nothing_to_scan() {
        assertThat(CandidateScan.open(index, 2).size()).isZero();
    }
}
