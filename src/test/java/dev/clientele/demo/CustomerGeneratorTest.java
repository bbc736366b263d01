package dev.clientele.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerGeneratorTest {
    @Test
    void british_customers_live_in_british_counties_and_american_ones_in_states() {
        CustomerGenerator gen = new CustomerGenerator(3, List.of("en", "us"), 0, LocalDate.of(2026, 11, 1));
        Set<String> british = new HashSet<>();
        Set<String> american = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            Customer c = gen.next();
            (c.address().country().equals("GB") ? british : american).add(c.address().region());
        }
        Set<String> states = new HashSet<>();
        net.datafaker.Faker us = new net.datafaker.Faker(java.util.Locale.US, new java.util.Random(1));
        for (int i = 0; i < 3000; i++) {
            states.add(us.address().state());
        }
        assertThat(british).hasSizeGreaterThan(20).doesNotContainAnyElementsOf(states);
        assertThat(states).containsAll(american);
    }

    @Test
    void a_website_is_the_companys_own_domain_never_a_mail_providers() {
        CustomerGenerator gen = new CustomerGenerator(5, List.of("hu", "ru", "de", "en"), 0, LocalDate.of(2026, 11, 1));
        int websites = 0;
        for (int i = 0; i < 1000; i++) {
            Customer c = gen.next();
            if (c.website() == null) {
                continue;
            }
            websites++;
            assertThat(c.company()).as(c.website()).isNotNull();
            // Before, a firm whose e-mail was at a mail provider had that provider as its website.
            assertThat(c.website()).startsWith("https://www.").endsWith(".example")
                    .doesNotContain("gmail", "outlook", "mail.ru", "yandex", "web.de", "gmx", "freemail", "example.com");
        }
        assertThat(websites).isGreaterThan(50);
    }

    @Test
    void hungarian_customers_are_written_with_o_and_u_double_acute_not_the_tilde_and_circumflex_stand_ins() {
        CustomerGenerator gen = new CustomerGenerator(11, List.of("hu"), 0, LocalDate.of(2026, 11, 1));
        int withDoubleAcute = 0;
        for (int i = 0; i < 3000; i++) {
            Customer c = gen.next();
            String text = String.join("|", String.valueOf(c.firstName()), String.valueOf(c.lastName()),
                    String.valueOf(c.company()), String.valueOf(c.position()), c.address().street(),
                    c.address().city(), String.valueOf(c.address().region()));
            assertThat(text).doesNotContain("õ", "Õ", "û", "Û");
            if (text.matches(".*[őŐűŰ].*")) {
                withDoubleAcute++;
            }
        }
        // datafaker's Hungarian names and places have them (Győző, Szellő, Tűzvirág), written with the stand-ins
        assertThat(withDoubleAcute).isGreaterThan(30);
    }

    @Test
    void russian_phone_numbers_have_every_digit_also_when_the_last_pair_begins_with_zero() {
        CustomerGenerator gen = new CustomerGenerator(13, List.of("ru"), 0, LocalDate.of(2026, 11, 1));
        int zeroPairs = 0;
        for (int i = 0; i < 2000; i++) {
            for (String phone : gen.next().phones()) {
                // +7 9xx xxx-xx-xx or 8 (9xx) xxx-xx-xx: eleven digits
                assertThat(phone.replaceAll("[^0-9]", "")).as(phone).hasSize(11);
                if (phone.matches(".*-0[0-9]$")) {
                    zeroPairs++;
                }
            }
        }
        assertThat(zeroPairs).isGreaterThan(20);
    }
}
