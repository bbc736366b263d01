package dev.clientele;

import dev.clientele.customer.Address;
import dev.clientele.customer.Channel;
import dev.clientele.customer.Consent;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import dev.clientele.customer.OptOut;
import dev.clientele.customer.Purchase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Builders of customers for tests. */
public final class TestCustomers {
    private TestCustomers() {
    }

    public static Customer person(String first, String last) {
        return Customer.person(first, last);
    }

    /** A Russian customer in Cyrillic with every field set. */
    public static Customer fullCyrillic() {
        return new Customer(null, "crm-4711", Kind.PERSON, "Александр", "Иванов", "ООО «Ромашка»", "Директор",
                List.of("a.ivanov@romashka.ru", "sasha@mail.ru"), List.of("+7 495 123-45-67", "8 (916) 555-12-34"),
                new Address("ул. Тверская, д. 7, кв. 12", "Москва", "Московская область", "125009", "RU"),
                "Оптовая торговля", "https://romashka.ru", "Анна Ковач", "Предпочитает звонки после обеда.\nVIP.",
                List.of("vip", "опт"), "выставка", LocalDate.of(1980, 5, 31), Gender.MALE, "ru", Channel.PHONE,
                "14-18", new Consent(true, LocalDate.of(2024, 1, 15)), new OptOut(false, LocalDate.of(2024, 2, 1)),
                "customer",
                List.of(new Purchase(LocalDate.of(2025, 3, 1), "Запчасти", new BigDecimal("1250.50"), "RUB"),
                        new Purchase(LocalDate.of(2025, 6, 12), "Обслуживание", new BigDecimal("300.00"), "RUB")),
                null, null, null, null, null, null);
    }

    /** A Hungarian company with accents. */
    public static Customer hungarianCompany() {
        return new Customer(null, null, Kind.COMPANY, "Márton", "Kovács", "Kovács és Társa Kft.", "ügyvezető",
                List.of("marton@kovacs.hu"), List.of("+36 1 234 5678"),
                new Address("Fő utca 12.", "Győr", "Győr-Moson-Sopron", "9021", "HU"), "Építőipar", null,
                "Szabó Éva", null, List.of("b2b"), "ajánlás", null, null, "hu", Channel.EMAIL, null, null, null,
                "lead", List.of(), null, null, null, null, null, null);
    }
}
