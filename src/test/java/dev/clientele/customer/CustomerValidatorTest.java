package dev.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.TestCustomers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerValidatorTest {
    private final CustomerValidator validator =
            new CustomerValidator(Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC));

    private List<String> fieldsWithErrors(Customer c) {
        return validator.validate(CustomerNormalizer.normalize(c)).stream().map(FieldError::field).toList();
    }

    @Test
    void accepts_a_full_cyrillic_customer_and_derives_spend() {
        Customer clean = validator.clean(TestCustomers.fullCyrillic());
        assertThat(clean.lifetimeSpend()).isEqualByComparingTo("1550.50");
        assertThat(clean.purchaseCount()).isEqualTo(2);
        assertThat(clean.lastPurchaseDate()).isEqualTo(LocalDate.of(2025, 6, 12));
        assertThat(clean.lastName()).isEqualTo("Иванов");
    }

    @Test
    void reports_every_bad_field_with_its_path() {
        Customer c = TestCustomers.person("Rob", "Smith")
                .withEmails(List.of("rob@example.com", "not-an-email"))
                .withPhones(List.of("+36 1 234 5678", "call me"))
                .withAddress(new dev.clientele.customer.Address(null, "Berlin", null, null, "XX"))
                .withPurchases(List.of(new Purchase(LocalDate.of(2025, 1, 1), "x", new BigDecimal("-1"), "EUR"),
                        new Purchase(null, "y", null, "EURO")));
        assertThat(fieldsWithErrors(c)).containsExactlyInAnyOrder("emails[1]", "phones[1]", "address.country",
                "purchases[0].amount", "purchases[1].date", "purchases[1].amount", "purchases[1].currency");
    }

    @Test
    void rejects_dates_in_the_future_and_before_1900() {
        Customer c = new Customer(null, null, Kind.PERSON, "A", "B", null, null, null, null, null, null, null, null,
                null, null, null, LocalDate.of(2030, 1, 1), null, null, null, null,
                new Consent(true, LocalDate.of(1850, 1, 1)), null, null, null, null, null, null, null, null, null);
        assertThat(fieldsWithErrors(c)).containsExactlyInAnyOrder("birthday", "consent.date");
    }

    @Test
    void a_company_needs_a_company_name() {
        Customer c = new Customer(null, null, Kind.COMPANY, "A", "B", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
        assertThat(fieldsWithErrors(c)).containsExactly("company");
    }

    @Test
    void an_empty_person_is_rejected_as_a_whole() {
        assertThatThrownBy(() -> validator.clean(Customer.person("  ", null)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors()).extracting(FieldError::field)
                        .containsExactly(""));
    }

    @Test
    void rejects_overlong_names_and_too_many_emails() {
        Customer c = Customer.person("x".repeat(201), "ok")
                .withEmails(java.util.stream.IntStream.range(0, 51).mapToObj(i -> "a" + i + "@b.de").toList());
        assertThat(fieldsWithErrors(c)).containsExactlyInAnyOrder("first_name", "emails");
    }

    @Test
    void rejects_control_characters_in_names_but_keeps_line_breaks_in_notes() {
        Customer bad = Customer.person("Ro\u0000b", "Smith");
        assertThat(fieldsWithErrors(bad)).containsExactly("first_name");
        Customer notes = new Customer(null, null, null, "A", null, null, null, null, null, null, null, null, null,
                "line one\nline two", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        assertThat(validator.clean(notes).notes()).isEqualTo("line one\nline two");
    }

    @Test
    void accepts_phone_formats_people_write() {
        Customer c = Customer.person("A", "B").withPhones(List.of("+36 1 234 5678", "06-1-234-5678",
                "(030) 1234567", "8 (495) 123-45-67", "+1 555.123.4567 ext. 12"));
        assertThat(fieldsWithErrors(c)).isEmpty();
    }

    @Test
    void accepts_an_extension_written_the_german_or_russian_way() {
        Customer c = Customer.person("A", "B").withPhones(List.of("+49 30 1234567 Durchwahl 12",
                "+49 30 1234567 durchwahl 12", "+7 495 123-45-67 доб. 12", "+7 495 123-45-67 ДОБ 12",
                "+49 30 1234567 x12"));
        assertThat(fieldsWithErrors(c)).isEmpty();
        assertThat(fieldsWithErrors(Customer.person("A", "B").withPhones(List.of("+49 30 1234567 Durchwahl"))))
                .containsExactly("phones[0]");
    }

    @Test
    void accepts_international_email_addresses() {
        Customer c = Customer.person("A", "B").withEmails(List.of("müller@bücher.de", "иван@почта.рф",
                "first.last+tag@sub.example.co.uk"));
        assertThat(fieldsWithErrors(c)).isEmpty();
    }

    @Test
    void rejects_amounts_above_the_limit_or_with_too_many_decimals() {
        Customer c = Customer.person("A", "B").withPurchases(List.of(
                new Purchase(LocalDate.of(2025, 1, 1), null, new BigDecimal("1000000000001"), null),
                new Purchase(LocalDate.of(2025, 1, 1), null, new BigDecimal("1.12345"), null)));
        assertThat(fieldsWithErrors(c)).containsExactly("purchases[0].amount", "purchases[1].amount");
    }
}
