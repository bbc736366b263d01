package dev.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerNormalizerTest {
    @Test
    void a_record_without_a_kind_is_a_company_when_it_has_a_company_and_no_personal_name() throws Exception {
        Customer firm = dev.clientele.json.Json.MAPPER.readValue("{\"company\":\" Zeta Kft. \"}", Customer.class);
        assertThat(CustomerNormalizer.normalize(firm).kind()).isEqualTo(Kind.COMPANY);
        Customer contact = dev.clientele.json.Json.MAPPER.readValue(
                "{\"last_name\":\"Kiss\",\"company\":\"Zeta Kft.\"}", Customer.class);
        assertThat(CustomerNormalizer.normalize(contact).kind()).isEqualTo(Kind.PERSON);
        Customer blankName = dev.clientele.json.Json.MAPPER.readValue(
                "{\"first_name\":\"  \",\"company\":\"Zeta Kft.\"}", Customer.class);
        assertThat(CustomerNormalizer.normalize(blankName).kind()).isEqualTo(Kind.COMPANY);
        // Said explicitly, a person known only by their company stays one.
        Customer said = dev.clientele.json.Json.MAPPER.readValue(
                "{\"kind\":\"person\",\"company\":\"Zeta Kft.\"}", Customer.class);
        assertThat(CustomerNormalizer.normalize(said).kind()).isEqualTo(Kind.PERSON);
        Customer nobody = dev.clientele.json.Json.MAPPER.readValue("{\"emails\":[\"a@b.example\"]}", Customer.class);
        assertThat(CustomerNormalizer.normalize(nobody).kind()).isEqualTo(Kind.PERSON);
    }

    @Test
    void trims_collapses_space_and_composes_unicode() {
        // "Márton" with a combining acute accent (NFD) must equal the precomposed form.
        Customer c = CustomerNormalizer.normalize(Customer.person("  Ma\u0301rton ", " Kovács   Nagy "));
        assertThat(c.firstName()).isEqualTo("Márton");
        assertThat(c.lastName()).isEqualTo("Kovács Nagy");
    }

    @Test
    void drops_blank_and_repeated_list_entries_and_lowercases_email_domains() {
        Customer c = CustomerNormalizer.normalize(Customer.person("A", "B")
                .withEmails(Arrays.asList("Rob@Example.COM", " ", "Rob@example.com", null))
                .withPhones(List.of("", "+36 1 234 5678")));
        assertThat(c.emails()).containsExactly("Rob@example.com");
        assertThat(c.phones()).containsExactly("+36 1 234 5678");
    }

    @Test
    void tags_and_emails_that_differ_only_in_case_are_kept_once_in_their_first_spelling() throws Exception {
        Customer c = CustomerNormalizer.normalize(dev.clientele.json.Json.readCustomer(("{\"first_name\":\"A\","
                + "\"tags\":[\"vip\",\"VIP\",\" Vip \",\"Stammkunde\",\"STAMMKUNDE\",\"опт\",\"ОПТ\",\"gold\"],"
                + "\"emails\":[\"A@B.DE\",\"a@b.de\",\"Anna.Kovacs@Example.hu\",\"anna.kovacs@example.hu\","
                + "\"b@b.de\"]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(c.tags()).containsExactly("vip", "Stammkunde", "опт", "gold");
        assertThat(c.emails()).containsExactly("A@b.de", "Anna.Kovacs@example.hu", "b@b.de");
    }

    @Test
    void uppercases_codes_and_drops_an_empty_address() {
        Customer c = CustomerNormalizer.normalize(Customer.person("A", "B")
                .withAddress(new Address(" ", null, "", null, null))
                .withPurchases(List.of(new Purchase(LocalDate.of(2025, 1, 1), " x ", new BigDecimal("5"), "eur"))));
        assertThat(c.address()).isNull();
        assertThat(c.purchases().get(0).currency()).isEqualTo("EUR");
        assertThat(c.purchases().get(0).amount()).isEqualByComparingTo("5").hasToString("5.00");
        assertThat(c.kind()).isEqualTo(Kind.PERSON);
    }
}
