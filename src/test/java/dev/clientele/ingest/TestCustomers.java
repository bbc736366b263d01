package dev.clientele.ingest;

import dev.clientele.customer.Address;
import dev.clientele.customer.Channel;
import dev.clientele.customer.Consent;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerValidator;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import dev.clientele.customer.OptOut;
import dev.clientele.customer.Purchase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/** Customers and inputs shared by the ingest tests. */
final class TestCustomers {
    private TestCustomers() {
    }

    /** A Russian customer using every field, including the awkward ones: formula-like notes, several phones. */
    static Customer everyField() {
        return new Customer(null, "EXT-42", Kind.PERSON, "Иван Петрович", "Иванов", "ООО «Ромашка»", "директор",
                List.of("ivan@romashka.example", "i.ivanov@example.ru"),
                List.of("+7 495 123-45-67", "-12 345", "+36 30 123 4567"),
                new Address("ул. Тверская, д. 1", "Москва", "Москва", "101000", "RU"), "торговля",
                "https://romashka.example", "Ольга", "=SUM(A1:A9)\nзвонить после 14:00\n+ важно, «VIP»; ok",
                List.of("vip", "@partner", "опт"), "выставка", LocalDate.of(1975, 7, 15), Gender.MALE, "ru",
                Channel.PHONE, "10-18", new Consent(true, LocalDate.of(2024, 5, 31)),
                new OptOut(false, LocalDate.of(2024, 6, 1)), "customer",
                List.of(new Purchase(LocalDate.of(2024, 1, 2), "Самовар", new BigDecimal("1999.90"), "RUB"),
                        new Purchase(LocalDate.of(2024, 3, 4), "Tea \"Earl Grey\"", new BigDecimal("12.50"), "EUR")),
                null, null, null, null, null, null);
    }

    /** A Hungarian company with accents. */
    static Customer hungarianCompany() {
        return new Customer(null, null, Kind.COMPANY, "Márton", "Kovács", "Árvíztűrő Tükörfúrógép Kft.", "ügyvezető",
                List.of("marton@pelda.example"), List.of("+36 1 234 5678"),
                new Address("Fő utca 1.", "Győr", "Győr-Moson-Sopron", "9021", "HU"), "gépgyártás", null, null,
                "@mention first\n-dash line", List.of(), null, null, Gender.MALE, "hu", Channel.EMAIL, null, null,
                null, null, List.of(), null, null, null, null, null, null);
    }

    /** A customer whose every text starts like a spreadsheet formula, and one with no name at all. */
    static List<Customer> formulaLikeAndNameless() {
        Customer formula = Customer.person("'=already quoted", "+Plus").withCompany("-Minus GmbH")
                .withEmails(List.of("a@example.com"));
        formula = new Customer(null, "=EXT", Kind.PERSON, formula.firstName(), formula.lastName(), formula.company(),
                "@position", formula.emails(), List.of("+1 555 0100"), null, null, null, null, "+plus\n=eq\n@at",
                List.of("=x", "-y"), null, null, null, null, null, null, null, null, null, List.of(), null, null,
                null, null, null, null);
        Customer nameless = Customer.person(null, null).withEmails(List.of("only@example.com"));
        return List.of(formula, nameless);
    }

    static Customer clean(Customer c) {
        return new CustomerValidator().clean(c);
    }

    static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream fixture(String name) {
        InputStream in = TestCustomers.class.getResourceAsStream("/fixtures/import/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        return in;
    }

    static String fixtureText(String name) {
        try (InputStream in = fixture(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ImportRow> readAll(CustomerReader reader) {
        try (reader) {
            return reader.stream().toList();
        }
    }
}
