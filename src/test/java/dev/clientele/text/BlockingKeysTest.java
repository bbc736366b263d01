package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Address;
import dev.clientele.dedup.TestCustomers;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockingKeysTest {

    private static Set<String> shared(Customer a, Customer b) {
        Set<String> s = new HashSet<>(BlockingKeys.keysFor(a));
        s.retainAll(BlockingKeys.keysFor(b));
        return s;
    }

    @Test
    void keys_carry_their_kind_prefix() {
        Customer c = TestCustomers.customer("1", Kind.PERSON, "Bob", "Smith", "Smith & Sons Ltd",
                List.of("Bob.Smith+x@Example.com"), List.of("+44 20 7946 0958"),
                new Address("12 Main Street", "London", null, "SW1A 1AA", "GB"), LocalDate.of(1970, 1, 2));
        Set<String> keys = BlockingKeys.keysFor(c);
        assertThat(keys).contains("n:SM0|b", "n:SM0|r", "e:bob.smith@example.com", "p:2079460958",
                "z:sw1a1aa|sm", "b:19700102|s", "c:smith sons");
        assertThat(keys).anyMatch(k -> k.startsWith("a:sw1a1aa|12|"));
    }

    @Test
    void nicknames_scripts_and_swapped_names_share_a_name_key() {
        assertThat(shared(TestCustomers.person("Bill", "Johnson"), TestCustomers.person("William", "Jonson")))
                .isNotEmpty();
        assertThat(shared(TestCustomers.person("Иван", "Петров"), TestCustomers.person("Ivan", "Petrov")))
                .isNotEmpty();
        assertThat(shared(TestCustomers.person("Kovács", "Márton"), TestCustomers.person("Márton", "Kovacs")))
                .isNotEmpty();
    }

    @Test
    void a_street_in_cyrillic_and_in_latin_letters_gives_the_same_household_key() {
        Customer cyrillic = TestCustomers.customer(null, Kind.PERSON, "Иван", "Петров", null, List.of(), List.of(),
                new Address("Березовая улица, 16", "Москва", null, "101000", "RU"), null);
        Customer latin = TestCustomers.customer(null, Kind.PERSON, "Ivan", "Petrov", null, List.of(), List.of(),
                new Address("Berezovaya ulitsa 16", "Moskva", null, "101000", "RU"), null);
        assertThat(shared(cyrillic, latin)).anyMatch(k -> k.startsWith("a:101000|16|"))
                .anyMatch(k -> k.startsWith("s:16|"));
    }

    @Test
    void a_replaced_name_with_the_city_in_another_language_still_shares_the_birthday_city_key() {
        LocalDate born = LocalDate.of(1984, 6, 2);
        Customer becs = TestCustomers.customer(null, Kind.PERSON, "Eszter", "Nagy", null, List.of(), List.of(),
                new Address(null, "Bécs", null, null, "AT"), born);
        Customer wien = TestCustomers.customer(null, Kind.PERSON, "Esther", "Huber", null, List.of(), List.of(),
                new Address(null, "Wien", null, null, "AT"), born);
        assertThat(shared(becs, wien)).contains("bc:19840602|vie");
    }

    @Test
    void a_title_in_a_name_field_does_not_change_the_name_keys() {
        Set<String> plain = BlockingKeys.keysFor(TestCustomers.person("Hans", "Weber"));
        assertThat(BlockingKeys.keysFor(TestCustomers.person("Dr. Hans", "Weber"))).isEqualTo(plain);
        assertThat(BlockingKeys.keysFor(TestCustomers.person("Hans", "Prof. Dr. Weber"))).isEqualTo(plain);
    }

    @Test
    void a_whole_name_in_one_field_shares_a_name_key_with_the_name_in_two() {
        Customer katalin = TestCustomers.person("Katalin", "Nagy");
        assertThat(shared(TestCustomers.person(null, "Nagy Katalin"), katalin)).anyMatch(k -> k.startsWith("n:"));
        assertThat(shared(TestCustomers.person("Katalin Nagy", null), katalin)).anyMatch(k -> k.startsWith("n:"));
        assertThat(shared(TestCustomers.person(null, "Dr. Nagy Kati"), katalin)).anyMatch(k -> k.startsWith("n:"));
        assertThat(shared(TestCustomers.person(null, "Kovács Márton"), katalin)).noneMatch(k -> k.startsWith("n:"));
        // One word alone stays without a name key, as before: a surname alone pairs too many.
        assertThat(BlockingKeys.keysFor(TestCustomers.person(null, "Nagy"))).noneMatch(k -> k.startsWith("n:"));
    }

    @Test
    void unrelated_people_share_no_key() {
        assertThat(shared(TestCustomers.person("Anna", "Weber"), TestCustomers.person("John", "Smith"))).isEmpty();
    }

    @Test
    void phone_notations_and_company_spellings_share_a_key() {
        Customer a = TestCustomers.customer(null, Kind.COMPANY, null, null, "Müller GmbH", List.of(),
                List.of("(030) 1234567"), new Address(null, null, null, null, "DE"), null);
        Customer b = TestCustomers.customer(null, Kind.COMPANY, null, null, "Mueller GmbH & Co. KG", List.of(),
                List.of("+49 30 1234567"), null, null);
        assertThat(shared(a, b)).contains("p:301234567", "c:mueller");
        // An extension is no part of the number (before, p:30123456712).
        Customer c = TestCustomers.customer(null, Kind.PERSON, "Anna", "Weber", null, List.of(),
                List.of("+49 30 1234567 ext. 12"), null, null);
        assertThat(BlockingKeys.keysFor(c)).contains("p:301234567");
    }

    @Test
    void a_direct_dial_ending_is_no_part_of_the_phone_key_but_a_hyphen_grouping_digits_is() {
        // Before, p:30123456712: the line's digits read as the number's end.
        Customer direct = TestCustomers.customer(null, Kind.PERSON, "Anna", "Weber", null, List.of(),
                List.of("030 1234567-12"), new Address(null, null, null, null, "DE"), null);
        assertThat(BlockingKeys.keysFor(direct)).contains("p:301234567").doesNotContain("p:30123456712");
        Customer grouped = TestCustomers.customer(null, Kind.PERSON, "Anna", "Nagy", null, List.of(),
                List.of("+36 30 123-4567"), null, null);
        assertThat(BlockingKeys.keysFor(grouped)).contains("p:301234567");
    }

    @Test
    void a_street_type_before_the_name_does_not_change_the_street_key() {
        // Russian streets put the type first (ул. Ленина, проспект Мира) and write it every which way.
        List<String> lenina = List.of("ул. Ленина, д. 5", "улица Ленина 5", "ulitsa Lenina 5", "Lenina ul. 5");
        for (String street : lenina) {
            assertThat(shared(resident(lenina.get(0)), resident(street))).as(street).anyMatch(k -> k.startsWith("s:"));
        }
        assertThat(shared(resident("б-р Гагарина 3"), resident("бульвар Гагарина 3")))
                .anyMatch(k -> k.startsWith("s:"));
        assertThat(shared(resident("проспект Мира 10"), resident("Mira prospekt 10")))
                .anyMatch(k -> k.startsWith("s:"));
        assertThat(shared(resident("ул. Ленина 5"), resident("ул. Гагарина 5"))).noneMatch(k -> k.startsWith("s:"));
    }

    @Test
    void hyphenated_and_shortened_russian_types_are_no_street_name_for_the_street_key() {
        // Before, мкр-н was read as мкр and н, and мкр, наб., туп. and проезд as the street's name: every house 5 of
        // a district shared one key, and the written-out type met no abbreviation.
        assertThat(shared(resident("мкр-н Северный, д. 5"), resident("микрорайон Северный 5")))
                .anyMatch(k -> k.startsWith("s:"));
        assertThat(shared(resident("мкр. Северный 5"), resident("мкр. Южный 5"))).noneMatch(k -> k.startsWith("s:"));
        assertThat(shared(resident("пр-д Шокальского 3"), resident("проезд Шокальского 3")))
                .anyMatch(k -> k.startsWith("s:"));
        assertThat(shared(resident("наб. Фонтанки 20"), resident("набережная Фонтанки 20")))
                .anyMatch(k -> k.startsWith("s:"));
        assertThat(shared(resident("туп. Глухой 4"), resident("тупик Глухой 4"))).anyMatch(k -> k.startsWith("s:"));
    }

    @Test
    void a_cyrillic_str_is_a_building_and_no_street_name_for_the_street_key() {
        // Read in its own script, as matching reads it: стр. (строение) is a building's number, not the street.
        assertThat(shared(resident("Кутузовский 32, стр. 1"), resident("Кутузовский пр-т, д. 32")))
                .anyMatch(k -> k.startsWith("s:32|"));
    }

    @Test
    void a_leading_st_is_saint_for_the_street_key() {
        // Before, St was a type, left out: St Mary's Rd was keyed by Mary, Saint Mary's Road by Saint.
        assertThat(shared(resident("12 St Mary's Rd"), resident("12 Saint Mary's Road")))
                .anyMatch(k -> k.startsWith("s:12|"));
        assertThat(shared(resident("12 Baker St"), resident("12 Baker Street"))).anyMatch(k -> k.startsWith("s:12|"));
    }

    @Test
    void sankt_and_szent_are_saint_for_the_street_key_as_st_and_szt_are() {
        // Before, Sankt and Szent were words of their own: each spelling had a key of its own.
        assertThat(shared(resident("Sankt-Georg-Straße 4"), resident("St.-Georg-Str. 4")))
                .anyMatch(k -> k.startsWith("s:4|"));
        assertThat(shared(resident("Szent István krt. 5"), resident("Szt. István körút 5")))
                .anyMatch(k -> k.startsWith("s:5|"));
    }

    private static Customer resident(String street) {
        return TestCustomers.customer(null, Kind.PERSON, "Anna", "Kiss", null, List.of(), List.of(),
                new Address(street, null, null, null, "RU"), null);
    }

    @Test
    void company_names_the_scorer_reads_as_one_share_a_company_key() {
        // Legal forms written out, joining words as "&", an x for Cyrillic кс: the scorer's CompanyNames.matchKey.
        assertThat(shared(company("Siemens Aktiengesellschaft"), company("Siemens AG"))).contains("c:siemens");
        assertThat(shared(company("Общество с ограниченной ответственностью «Ромашка»"), company("Romashka LLC")))
                .contains("c:romashka");
        assertThat(shared(company("Kovács és Társa Kft."), company("Kovacs & Tarsa Kft")))
                .contains("c:kovacs tarsa");
        assertThat(shared(company("ООО «Яндекс»"), company("Yandex LLC"))).contains("c:yandeks");
        assertThat(shared(company("Müller Aktiengesellschaft"), company("Mueller AG"))).contains("c:mueller");
    }

    @Test
    void a_cyrillic_company_and_its_latin_name_romanised_another_way_share_a_company_key() {
        // ё written as o or e, ый as yy, yi or y, ей as ey or ei.
        assertThat(shared(company("АО «Жёлтый дом»"), company("Zholtyi Dom JSC"))).containsExactly("c:zhelti dom");
        assertThat(shared(company("ООО «Северный ветер»"), company("Severny Veter LLC")))
                .containsExactly("c:severni veter");
        assertThat(shared(company("ООО «Соловей»"), company("Solovei LLC"))).containsExactly("c:solovei");
        assertThat(shared(company("ООО «Север»"), company("Savar LLC"))).isEmpty();
        assertThat(BlockingKeys.keysFor(company("Müller GmbH"))).containsExactly("c:muller", "c:mueller");
    }

    @Test
    void a_company_name_that_is_only_a_legal_form_gives_no_company_key() {
        // Such a key would put every firm that left its name out into one block, each compared with all the others.
        for (String name : List.of("GmbH", "AG", "Aktiengesellschaft", "Kft.", "Общество с ограниченной "
                + "ответственностью", "Limited Liability Company", "The Company", "& Co. KG", "—")) {
            assertThat(BlockingKeys.keysFor(company(name))).as(name).noneMatch(k -> k.startsWith("c:"));
        }
    }

    private static Customer company(String name) {
        return TestCustomers.customer(null, Kind.COMPANY, null, null, name, List.of(), List.of(), null, null);
    }

    @Test
    void an_empty_customer_has_no_keys() {
        assertThat(BlockingKeys.keysFor(TestCustomers.person(null, null))).isEmpty();
    }
}
