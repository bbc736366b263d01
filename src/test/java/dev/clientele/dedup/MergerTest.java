package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Address;
import dev.clientele.customer.Consent;
import dev.clientele.customer.Customer;
import dev.clientele.customer.OptOut;
import dev.clientele.customer.Purchase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergerTest {
    private static final Instant OLD = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NEW = Instant.parse("2025-01-01T00:00:00Z");

    private static Customer a() {
        return a("Rob");
    }

    private static Customer a(String firstName) {
        return Customer.person(firstName, "Smith").withIdentity("01m8ahftmh1p47rnx7g21p3tdp", OLD, OLD, 3)
                .withEmails(List.of("rob@example.com"))
                .withPhones(List.of("+36 1 234 5678"))
                .withAddress(new Address("Old street 1", "Pécs", null, "7621", "HU"))
                .withPurchases(List.of(new Purchase(LocalDate.of(2023, 5, 1), "A", new BigDecimal("10.00"), "EUR")));
    }

    private static Customer b() {
        return b("Robert");
    }

    private static Customer b(String firstName) {
        return Customer.person(firstName, null).withIdentity("01m8ahftmh1p47rnx7g21p3tdq", NEW, NEW, 1)
                .withEmails(List.of("ROB@example.com", "robert@work.example"))
                .withPhones(List.of("+3612345678", "06 30 111 2222"))
                .withAddress(new Address("New street 2", "Budapest", null, "1011", "HU"))
                .withPurchases(List.of(new Purchase(LocalDate.of(2024, 7, 1), "B", new BigDecimal("5.50"), "EUR")));
    }

    @Test
    void newest_non_empty_values_win_and_lists_are_united_without_repeats() {
        Customer m = Merger.merge(a(), b(), Map.of());
        assertThat(m.id()).isEqualTo(a().id());
        assertThat(m.createdAt()).isEqualTo(OLD);
        assertThat(m.firstName()).isEqualTo("Robert");     // b is newer
        assertThat(m.lastName()).isEqualTo("Smith");       // b has none
        assertThat(m.address().city()).isEqualTo("Budapest");
        assertThat(m.emails()).containsExactly("rob@example.com", "robert@work.example");
        assertThat(m.phones()).containsExactly("+36 1 234 5678", "06 30 111 2222");
        assertThat(m.purchases()).hasSize(2);
        assertThat(m.lifetimeSpend()).isEqualByComparingTo("15.50");
        assertThat(m.lastPurchaseDate()).isEqualTo(LocalDate.of(2024, 7, 1));
    }

    @Test
    void of_two_forms_of_one_first_name_the_formal_one_is_kept_unless_the_reviewer_picks() {
        Customer istvan = a("István");
        Customer pista = b("Pista"); // the newer record
        assertThat(Merger.merge(istvan, pista, Map.of()).firstName()).isEqualTo("István");
        assertThat(Merger.merge(pista, istvan, Map.of()).firstName()).isEqualTo("István");
        assertThat(Merger.merge(istvan, pista, Map.of("first_name", "b")).firstName()).isEqualTo("Pista");
        // across scripts, and only between forms of one name: otherwise the newer record's name stays
        assertThat(Merger.merge(a("Александр"), b("Саша"), Map.of()).firstName())
                .isEqualTo("Александр");
        assertThat(Merger.merge(a("Robert"), b("Pista"), Map.of()).firstName())
                .isEqualTo("Pista");
        assertThat(Merger.merge(a("Bob"), b("Robbie"), Map.of()).firstName())
                .isEqualTo("Robbie");
    }

    @Test
    void one_number_written_two_ways_is_kept_once_but_the_same_digits_in_two_countries_are_two_numbers() {
        Customer hu = a().withPhones(List.of("+36 30 987 6543", "+49 30 9876543"));
        Customer local = b().withPhones(List.of("06 30 987 6543", "(030) 987-6543"))
                .withAddress(new Address(null, "Budapest", null, null, "HU"));
        Customer m = Merger.merge(hu, local, Map.of());
        // "(030) 987-6543" read as a Hungarian number is 30 987 6543 (the first), not the Berlin one.
        assertThat(m.phones()).containsExactly("+36 30 987 6543", "+49 30 9876543");
        Customer berlin = b().withPhones(List.of("(030) 987-6543"))
                .withAddress(new Address(null, "Berlin", null, null, "DE"));
        assertThat(Merger.merge(hu, berlin, Map.of()).phones()).containsExactly("+36 30 987 6543", "+49 30 9876543");
        Customer nowhere = b().withPhones(List.of("987 6543")).withAddress(null);
        assertThat(Merger.merge(hu, nowhere, Map.of()).phones()).hasSize(3);
    }

    @Test
    void a_number_with_and_without_its_extension_is_kept_once_with_it_and_two_extensions_stay_two_lines() {
        Address berlin = new Address(null, "Berlin", null, null, "DE");
        Customer bare = a().withPhones(List.of("+49 30 1234567", "+36 30 987 6543")).withAddress(berlin);
        Customer desk = b().withPhones(List.of("030 1234567 ext. 12")).withAddress(berlin);
        assertThat(Merger.merge(bare, desk, Map.of()).phones())
                .containsExactly("030 1234567 ext. 12", "+36 30 987 6543");
        assertThat(Merger.merge(desk, bare, Map.of()).phones())
                .containsExactly("030 1234567 ext. 12", "+36 30 987 6543");
        Customer otherDesk = b().withPhones(List.of("+49 (0)30 1234567 x 40", "+49 30 1234567 Durchwahl 12"))
                .withAddress(berlin);
        assertThat(Merger.merge(desk, otherDesk, Map.of()).phones())
                .containsExactly("030 1234567 ext. 12", "+49 (0)30 1234567 x 40");
    }

    @Test
    void a_direct_dial_number_is_united_with_its_switchboard_and_its_extension_written_with_a_marker() {
        Address berlin = new Address(null, "Berlin", null, null, "DE");
        Customer bare = a().withPhones(List.of("+49 30 1234567")).withAddress(berlin);
        Customer direct = b().withPhones(List.of("030 1234567-12")).withAddress(berlin);
        // Before, both stayed: 030 1234567-12 read as the number 030123456712.
        assertThat(Merger.merge(bare, direct, Map.of()).phones()).containsExactly("030 1234567-12");
        Customer marked = a().withPhones(List.of("+49 30 1234567 ext. 12")).withAddress(berlin);
        assertThat(Merger.merge(marked, direct, Map.of()).phones()).containsExactly("+49 30 1234567 ext. 12");
        // Digit groups are no extension: one number.
        Customer hu = a().withPhones(List.of("+36 30 123-4567")).withAddress(new Address(null, null, null, null,
                "HU"));
        Customer huToo = b().withPhones(List.of("06 30 123 4567")).withAddress(new Address(null, null, null, null,
                "HU"));
        assertThat(Merger.merge(hu, huToo, Map.of()).phones()).containsExactly("+36 30 123-4567");
    }

    @Test
    void a_purchase_both_records_list_counts_once_and_real_repeats_stay() {
        Purchase coffee = new Purchase(LocalDate.of(2025, 3, 1), "Coffee", new BigDecimal("4.50"), "EUR");
        Purchase same = new Purchase(LocalDate.of(2025, 3, 1), "coffee ", new BigDecimal("4.5"), "eur");
        Purchase tea = new Purchase(LocalDate.of(2025, 3, 2), "Tea", new BigDecimal("3"), "EUR");
        // a bought coffee twice that day; b (the same file, imported again) lists one of them, and a tea.
        Customer m = Merger.merge(a().withPurchases(List.of(coffee, coffee)), b().withPurchases(List.of(same, tea)),
                Map.of());
        assertThat(m.purchases()).containsExactly(coffee, coffee, tea);
        assertThat(m.lifetimeSpend()).isEqualByComparingTo("12.00");
        assertThat(m.purchaseCount()).isEqualTo(3);
        // b lists three coffees: one more than a.
        Customer more = Merger.merge(a().withPurchases(List.of(coffee)), b().withPurchases(List.of(same, same, same)),
                Map.of());
        assertThat(more.purchases()).hasSize(3);
        // Same day and product, another amount: two purchases.
        Purchase dearer = new Purchase(LocalDate.of(2025, 3, 1), "Coffee", new BigDecimal("5.00"), "EUR");
        assertThat(Merger.merge(a().withPurchases(List.of(coffee)), b().withPurchases(List.of(dearer)), Map.of())
                .purchases()).hasSize(2);
    }

    @Test
    void choices_override_per_field() {
        Customer m = Merger.merge(a(), b(), Map.of("first_name", "a", "address", "a", "emails", "b"));
        assertThat(m.firstName()).isEqualTo("Rob");
        assertThat(m.address().city()).isEqualTo("Pécs");
        assertThat(m.emails()).containsExactly("ROB@example.com", "robert@work.example");
    }

    @Test
    void an_opt_out_on_either_side_survives() {
        Customer optedOut = new Customer(a().id(), null, null, "Rob", "Smith", null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null,
                new OptOut(true, LocalDate.of(2023, 1, 1)), null, null, null, null, null, OLD, OLD, 1L);
        assertThat(Merger.merge(optedOut, b(), Map.of()).marketingOptOut().value()).isTrue();
        assertThat(Merger.merge(b(), optedOut, Map.of()).marketingOptOut().value()).isTrue();
    }

    private static Customer privacy(Customer c, Consent consent, OptOut optOut) {
        return new Customer(c.id(), c.externalId(), c.kind(), c.firstName(), c.lastName(), c.company(), c.position(),
                c.emails(), c.phones(), c.address(), c.industry(), c.website(), c.rep(), c.notes(), c.tags(), c.source(),
                c.birthday(), c.gender(), c.language(), c.preferredChannel(), c.contactHours(), consent, optOut,
                c.funnelStage(), c.purchases(), null, null, null, c.createdAt(), c.updatedAt(), c.version());
    }

    @Test
    void the_stricter_privacy_state_survives_even_a_choice_of_the_other_side() {
        Customer optedOut = privacy(a(), new Consent(false, LocalDate.of(2023, 3, 1)),
                new OptOut(true, LocalDate.of(2023, 1, 1)));
        Customer newer = privacy(b(), new Consent(true, LocalDate.of(2019, 6, 1)), null);
        Customer m = Merger.merge(optedOut, newer, Map.of("marketing_opt_out", "b", "consent", "b"));
        assertThat(m.marketingOptOut()).isEqualTo(new OptOut(true, LocalDate.of(2023, 1, 1)));
        assertThat(m.consent()).isEqualTo(new Consent(false, LocalDate.of(2023, 3, 1)));
        // b is the newer record, so without choices its consent would have been taken too.
        assertThat(Merger.merge(newer, optedOut, Map.of()).consent().given()).isFalse();
        // Both opted out: since the earlier date.
        Customer laterOptOut = privacy(b(), null, new OptOut(true, LocalDate.of(2024, 5, 5)));
        assertThat(Merger.merge(laterOptOut, optedOut, Map.of()).marketingOptOut().date())
                .isEqualTo(LocalDate.of(2023, 1, 1));
        // Consent given on both: the usual rules (newest record, or the choice).
        Customer given = privacy(a(), new Consent(true, LocalDate.of(2020, 1, 1)), null);
        assertThat(Merger.merge(given, newer, Map.of("consent", "a")).consent().date())
                .isEqualTo(LocalDate.of(2020, 1, 1));
    }

    @Test
    void notes_are_concatenated() {
        Customer x = new Customer(a().id(), null, null, "A", null, null, null, null, null, null, null, null, null,
                "first note", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                OLD, OLD, 1L);
        Customer y = new Customer(b().id(), null, null, "A", null, null, null, null, null, null, null, null, null,
                "second note", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                NEW, NEW, 1L);
        assertThat(Merger.merge(x, y, Map.of()).notes()).isEqualTo("first note\n---\nsecond note");
    }

    @Test
    void unknown_fields_or_sides_are_rejected() {
        assertThatThrownBy(() -> Merger.merge(a(), b(), Map.of("shoe", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shoe");
        assertThatThrownBy(() -> Merger.merge(a(), b(), Map.of("first_name", "c")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
