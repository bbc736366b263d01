package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Address;
import dev.clientele.text.Folding;
import dev.clientele.text.Nicknames;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldComparatorsTest {

    private final FieldComparators compare = new FieldComparators(Nicknames.load());

    @Test
    void first_names_recognise_nicknames_initials_and_scripts() {
        assertThat(compare.firstName("Robert", "robert").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.firstName("Bob", "Robert").agreement()).isEqualTo(Agreement.NICKNAME);
        assertThat(compare.firstName("R.", "Robert").agreement()).isEqualTo(Agreement.INITIAL);
        assertThat(compare.firstName("Иван", "Ivan").agreement()).isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.firstName("Márton", "Marton").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.firstName("Anna Maria", "Anna").agreement()).isEqualTo(Agreement.PARTIAL);
        assertThat(compare.firstName("Jonathon", "Jonathan").agreement()).isEqualTo(Agreement.FUZZY);
        assertThat(compare.firstName("Robert", "Richard").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.firstName("S.", "Robert").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.firstName(null, "Robert").agreement()).isEqualTo(Agreement.MISSING);
    }

    @Test
    void russian_names_romanised_the_german_way_are_transliterations() {
        assertThat(compare.lastName("Iwanow", "Иванов").agreement()).isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.lastName("Iwanow", "Ivanov").agreement()).isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.lastName("Schewtschenko", "Шевченко").agreement()).isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.firstName("Iwan", "Иван").agreement()).isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.lastName("Iwanowski", "Ивановский").similarity()).isGreaterThanOrEqualTo(0.9);
        assertThat(compare.lastName("Iwanow", "Petrow").agreement()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void similarities_are_ordered_by_strength_of_evidence() {
        double exact = compare.firstName("Robert", "Robert").similarity();
        double nickname = compare.firstName("Bob", "Robert").similarity();
        double initial = compare.firstName("R.", "Robert").similarity();
        double different = compare.firstName("Robert", "Richard").similarity();
        assertThat(exact).isGreaterThan(nickname);
        assertThat(nickname).isGreaterThan(initial);
        assertThat(initial).isGreaterThan(0.5);
        assertThat(different).isLessThan(0.5);
    }

    @Test
    void last_names_handle_umlauts_and_double_barrelled_names() {
        assertThat(compare.lastName("Müller", "Mueller").agreement()).isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.lastName("Петров", "Petrov").agreement()).isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.lastName("Schmidt-Weber", "Schmidt").agreement()).isEqualTo(Agreement.PARTIAL);
        assertThat(compare.lastName("Smith", "Jones").agreement()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void swapped_first_and_last_names_are_detected() {
        FieldComparators.NameComparison c = compare.names("Kovács", "Márton", "Márton", "Kovács");
        assertThat(c.firstName().agreement()).isEqualTo(Agreement.SWAPPED);
        assertThat(c.lastName().agreement()).isEqualTo(Agreement.SWAPPED);
        assertThat(c.lastName().similarity()).isGreaterThan(0.9);

        FieldComparators.NameComparison withNickname = compare.names("Kovács", "Pista", "István", "Kovács");
        assertThat(withNickname.firstName().agreement()).isEqualTo(Agreement.SWAPPED);
        assertThat(withNickname.lastName().agreement()).isEqualTo(Agreement.SWAPPED);

        FieldComparators.NameComparison straight = compare.names("Anna", "Kovács", "Anna", "Kovacs");
        assertThat(straight.firstName().agreement()).isEqualTo(Agreement.EXACT);
    }

    @Test
    void one_name_found_crosswise_counts_even_when_the_other_differs() {
        FieldComparators.NameComparison c = compare.names("kelsy", "berryman", "berryman", "phoebe");
        assertThat(c.firstName().agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(c.lastName().agreement()).isEqualTo(Agreement.SWAPPED);
    }

    @Test
    void a_lone_name_in_the_other_field_counts_as_swapped() {
        FieldComparators.NameComparison c = compare.names("ebdell", "madison", "madison", null);
        assertThat(c.lastName().agreement()).isEqualTo(Agreement.SWAPPED);
        assertThat(c.firstName().agreement()).isEqualTo(Agreement.MISSING);
    }

    @Test
    void emails_compare_normalised_then_by_local_part_then_by_typo() {
        assertThat(compare.emails(List.of("J.Smith@gmail.com"), List.of("jsmith+x@googlemail.com")).agreement())
                .isEqualTo(Agreement.EXACT);
        assertThat(compare.emails(List.of("anna.weber@web.example"), List.of("anna.weber@mail.example")).agreement())
                .isEqualTo(Agreement.PARTIAL);
        assertThat(compare.emails(List.of("info@a.example"), List.of("info@b.example")).agreement())
                .isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.emails(List.of("jane.doe@example.com"), List.of("jane.doe@exmaple.com")).agreement())
                .isEqualTo(Agreement.FUZZY);
        assertThat(compare.emails(List.of(), List.of("x@y.example")).agreement()).isEqualTo(Agreement.MISSING);
    }

    @Test
    void phones_compare_national_numbers_with_each_sides_country() {
        assertThat(compare.phones(List.of("06-1-234-5678"), "HU", List.of("+36 1 234 5678"), null).agreement())
                .isEqualTo(Agreement.EXACT);
        assertThat(compare.phones(List.of("+49 89 1234567"), "DE", List.of("0049 30 1234567"), "DE").agreement())
                .isEqualTo(Agreement.PARTIAL);
        assertThat(compare.phones(List.of("+49 30 1234567"), "DE", List.of("+49 30 1234568"), "DE").agreement())
                .isEqualTo(Agreement.FUZZY);
        assertThat(compare.phones(List.of("+49 30 1234567"), "DE", List.of("+49 40 9876543"), "DE").agreement())
                .isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void a_phone_with_an_extension_is_the_same_number_and_another_extension_partly() {
        // Before, the extension's digits were read as the number's end: a different number.
        assertThat(compare.phones(List.of("+49 30 1234567 ext. 12"), "DE", List.of("+49 30 1234567"), "DE")
                .agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.phones(List.of("030 1234567 Durchwahl 12"), "DE", List.of("+49 (0)30 1234567 x12"), null)
                .agreement()).isEqualTo(Agreement.EXACT);
        // One switchboard, two lines: the values shown say which.
        FieldComparison lines = compare.phones(List.of("+49 30 1234567 ext. 12"), "DE",
                List.of("+49 30 1234567 ext. 13"), "DE");
        assertThat(lines.agreement()).isEqualTo(Agreement.PARTIAL);
        assertThat(lines.left()).isEqualTo("+49 30 1234567 ext. 12");
        assertThat(lines.right()).isEqualTo("+49 30 1234567 ext. 13");
    }

    @Test
    void a_husbands_given_name_with_ne_says_nothing_of_hers_but_names_two_people_against_his_own() {
        // Before, Jánosné (Mrs János) and Anna were two clearly different given names.
        assertThat(compare.firstName("Jánosné", "Anna").agreement()).isEqualTo(Agreement.MISSING);
        assertThat(compare.firstName("Jánosné", "János").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.firstName("Jánosné", "Jánosne").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(FieldComparators.isHusbandsName("René")).isFalse();
        assertThat(FieldComparators.isHusbandsName("Irene")).isFalse();
        assertThat(FieldComparators.isHusbandsName("Péterné")).isTrue();
    }

    @Test
    void a_direct_dial_number_is_its_number_and_extension_and_digit_groups_stay_the_number() {
        // Before, 030 1234567-12 was the number 030123456712: another number than its switchboard's.
        assertThat(compare.phones(List.of("030 1234567-12"), "DE", List.of("+49 30 1234567"), "DE").agreement())
                .isEqualTo(Agreement.EXACT);
        assertThat(compare.phones(List.of("030 1234567-12"), "DE", List.of("+49 30 1234567 ext. 12"), "DE")
                .agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.phones(List.of("030 1234567-12"), "DE", List.of("030 1234567-13"), "DE").agreement())
                .isEqualTo(Agreement.PARTIAL);
        // A hyphen after a short group only groups digits: the whole number.
        assertThat(compare.phones(List.of("+36 30 123-4567"), "HU", List.of("06 30 123 4567"), "HU").agreement())
                .isEqualTo(Agreement.EXACT);
        assertThat(compare.phones(List.of("06-1-234-5678"), "HU", List.of("+36 1 234 5678"), "HU").agreement())
                .isEqualTo(Agreement.EXACT);
    }

    @Test
    void hungarian_and_russian_street_types_written_out_abbreviated_or_romanised_are_one_street() {
        List<List<String>> same = List.of(
                List.of("Kossuth Lajos u. 12", "Kossuth Lajos utca 12"),
                List.of("Petőfi Sándor sgt. 10", "Petőfi Sándor sugárút 10"),
                List.of("Béke ltp. 4", "Béke lakótelep 4"),
                List.of("ул. Ленина, д. 5", "улица Ленина, дом 5"),
                List.of("ул. Ленина, д. 5", "ulitsa Lenina 5"),
                List.of("б-р Гагарина, д. 3", "бульвар Гагарина 3"),
                List.of("ш. Энтузиастов 12", "шоссе Энтузиастов, дом 12"),
                List.of("пл. Ленина, д. 1", "ploshchad Lenina 1"),
                List.of("Ленинский пр-т, д. 45, корп. 2, кв. 17", "Ленинский проспект 45 корпус 2 квартира 17"),
                List.of("Ленинский пр. 45", "Leninskiy prospekt, dom 45"));
        for (List<String> p : same) {
            String country = Folding.hasNonLatinLetter(p.get(0)) ? "RU" : "HU";
            FieldComparison c = compare.address(new Address(p.get(0), null, null, null, country),
                    new Address(p.get(1), null, null, null, country));
            assertThat(c.agreement()).as(p.toString()).isEqualTo(Agreement.EXACT);
        }
        // Still two houses of one street.
        assertThat(compare.address(new Address("ул. Ленина, д. 5", null, null, null, "RU"),
                new Address("улица Ленина, дом 17", null, null, null, "RU")).agreement())
                .isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void one_street_name_with_two_kinds_of_street_type_is_two_streets() {
        List<List<String>> two = List.of(
                List.of("Rózsa köz 3", "Rózsa u. 3", "HU"),
                List.of("Rózsa tér 3", "Rózsa utca 3", "HU"),
                List.of("Hauptstraße 5", "Hauptplatz 5", "DE"),
                List.of("Hauptstr. 5", "Hauptweg 5", "DE"),
                List.of("Lindengasse 4", "Lindenallee 4", "DE"),
                List.of("ул. Гагарина 10", "пр-т Гагарина 10", "RU"),
                List.of("улица Гагарина 10", "пер. Гагарина 10", "RU"),
                List.of("12 Main Street", "12 Main Rd", "GB"),
                List.of("12 Main St", "12 Main Avenue", "GB"));
        for (List<String> p : two) {
            // Before, types were left out and nothing else: each pair was one street, EXACT.
            FieldComparison streets = compare.address(new Address(p.get(0), null, null, null, p.get(2)),
                    new Address(p.get(1), null, null, null, p.get(2)));
            assertThat(streets.agreement()).as(p.toString()).isEqualTo(Agreement.DIFFERENT);
            // With one postal code and city, partly: as two streets of two names would.
            FieldComparison town = compare.address(new Address(p.get(0), "Town", null, "1011", p.get(2)),
                    new Address(p.get(1), "Town", null, "1011", p.get(2)));
            assertThat(town.agreement()).as(p.toString()).isEqualTo(Agreement.FUZZY);
            assertThat(town.similarity()).as(p.toString()).isEqualTo(compare.address(
                    new Address("Tulipán 3", "Town", null, "1011", p.get(2)),
                    new Address("Rózsa 3", "Town", null, "1011", p.get(2))).similarity());
        }
        // One kind written out, abbreviated or romanised is one street.
        List<List<String>> one = List.of(
                List.of("Rózsa köz 3", "Rózsa köz 3.", "HU"),
                List.of("Hauptstraße 5", "Hauptstr. 5", "DE"),
                List.of("12 Main St", "12 Main Street", "GB"),
                List.of("12 Sunset Blvd", "12 Sunset Boulevard", "US"),
                List.of("12 Bayly Pl", "12 Bayly Place", "AU"),
                List.of("пр-т Гагарина 10", "проспект Гагарина 10", "RU"),
                List.of("Lenina pl. 1", "пл. Ленина, д. 1", "RU"),
                List.of("мкр-н Северный, д. 5, к. 2", "микрорайон Северный 5 корпус 2", "RU"),
                List.of("наб. Фонтанки 20", "naberezhnaya Fontanki 20", "RU"));
        for (List<String> p : one) {
            assertThat(compare.address(new Address(p.get(0), null, null, null, p.get(2)),
                    new Address(p.get(1), null, null, null, p.get(2))).agreement()).as(p.toString())
                    .isEqualTo(Agreement.EXACT);
        }
        // Where the names differ already, the types add nothing: a street replaced keeps its district's words.
        assertThat(compare.address(new Address("113 Nelson Place, Blue Hills", null, null, null, "AU"),
                new Address("113 Pullen Street, Blue Hills", null, null, null, "AU")).similarity())
                .isEqualTo(compare.address(new Address("113 Nelson, Blue Hills", null, null, null, "AU"),
                        new Address("113 Pullen, Blue Hills", null, null, null, "AU")).similarity());
    }

    @Test
    void a_cyrillic_str_is_a_building_number_and_no_street_type() {
        // Before, стр. (строение, a building) was read after transliteration as str, the German Straße: a street.
        // So the street and the avenue of one name, each with a building 1, were one street (both had a street)...
        FieldComparison twoStreets = compare.address(new Address("ул. Ленина, д. 5, стр. 1", null, null, null, "RU"),
                new Address("пр-т Ленина, д. 5, стр. 1", null, null, null, "RU"));
        assertThat(twoStreets.agreement()).isEqualTo(Agreement.DIFFERENT);
        // ... and an avenue written without its type, with a building, was a street beside the avenue written out.
        FieldComparison oneAvenue = compare.address(new Address("Кутузовский 32, стр. 1", null, null, null, "RU"),
                new Address("Кутузовский пр-т, д. 32", null, null, null, "RU"));
        assertThat(oneAvenue.similarity()).isGreaterThan(0.9);
        // A Latin Str. is still Straße.
        assertThat(compare.address(new Address("Berliner Str. 5", null, null, null, "DE"),
                new Address("Berliner Platz 5", null, null, null, "DE")).agreement()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void a_leading_st_before_a_name_is_saint_and_no_street_type() {
        // Before, St was a street wherever it stood: St Mary's Rd had a street and a road, so St Mary's Street was it.
        assertThat(compare.address(new Address("4 St Mary's Rd", null, null, null, "GB"),
                new Address("4 St Mary's Street", null, null, null, "GB")).agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.address(new Address("4 St. Mary's Rd", null, null, null, "GB"),
                new Address("4 Saint Mary's Road", null, null, null, "GB")).agreement()).isEqualTo(Agreement.EXACT);
        // At the end, or before a number, it is Street.
        assertThat(compare.address(new Address("12 Baker St", null, null, null, "GB"),
                new Address("12 Baker Street", null, null, null, "GB")).agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.address(new Address("12 Baker St", null, null, null, "GB"),
                new Address("12 Baker Rd", null, null, null, "GB")).agreement()).isEqualTo(Agreement.DIFFERENT);
        // Only St: a type written first in other languages is still a type (ул. Ленина; Str. des 17. Juni).
        assertThat(compare.address(new Address("ul. Lenina 5", null, null, null, "RU"),
                new Address("pr. Lenina 5", null, null, null, "RU")).agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.address(new Address("Str. des 17. Juni 5", null, null, null, "DE"),
                new Address("Straße des 17. Juni 5", null, null, null, "DE")).agreement()).isEqualTo(Agreement.EXACT);
    }

    @Test
    void a_german_pl_glued_to_the_name_is_platz_as_search_reads_it() {
        // Before, Marienpl. was a name of its own, merely like Marien(platz): fuzzy, and no square.
        assertThat(compare.address(new Address("Marienpl. 5", null, null, null, "DE"),
                new Address("Marienplatz 5", null, null, null, "DE")).agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.address(new Address("Marienpl. 5", null, null, null, "DE"),
                new Address("Marienstr. 5", null, null, null, "DE")).agreement()).isEqualTo(Agreement.DIFFERENT);
        // A glued g. (Lindeng.) is not read: German street names end in g (Ring, Steig); nor w. (Pankow).
        assertThat(compare.address(new Address("Lindeng. 4", null, null, null, "AT"),
                new Address("Lindengasse 4", null, null, null, "AT")).agreement()).isEqualTo(Agreement.FUZZY);
    }

    @Test
    void addresses_tolerate_abbreviations_but_not_other_house_numbers() {
        Address a = new Address("Hauptstraße 5", "München", null, "80331", "DE");
        Address b = new Address("Hauptstr. 5", "Muenchen", null, "80331", "DE");
        Address otherHouse = new Address("Hauptstraße 17", "München", null, "80331", "DE");
        Address elsewhere = new Address("Elbchaussee 100", "Hamburg", null, "22763", "DE");
        assertThat(compare.address(a, b).similarity()).isGreaterThan(0.9);
        assertThat(compare.address(a, otherHouse).similarity()).isLessThan(compare.address(a, b).similarity() - 0.3);
        assertThat(compare.address(a, elsewhere).agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.address(a, null).agreement()).isEqualTo(Agreement.MISSING);
        Address sameStreetInAustria = new Address("Hauptstraße 5", "Wien", null, "1010", "AT");
        assertThat(compare.address(a, sameStreetInAustria).agreement()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void the_same_city_alone_is_shown_as_exact_though_it_counts_less_and_another_city_counts_more() {
        Address budapest = new Address(null, "Budapest", null, null, "HU");
        FieldComparison same = compare.address(budapest, new Address(null, "Budapest", null, null, "HU"));
        assertThat(same.agreement()).isEqualTo(Agreement.EXACT);
        assertThat(same.similarity()).isBetween(0.6, 0.9);
        FieldComparison other = compare.address(budapest, new Address(null, "Debrecen", null, null, "HU"));
        assertThat(other.agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(0.5 - other.similarity()).isGreaterThan(same.similarity() - 0.5);
    }

    @Test
    void one_city_by_its_names_in_other_languages_is_the_same_city() {
        Address wien = new Address("Kärntner Straße 12", "Wien", null, "1010", "AT");
        Address vienna = new Address("Kärntner Str. 12", "Vienna", null, "1010", "AT");
        Address becs = new Address("Kärntner Straße 12", "Bécs", null, "1010", "AT");
        Address graz = new Address("Kärntner Straße 12", "Graz", null, "1010", "AT");
        assertThat(compare.address(wien, vienna).agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.address(wien, becs).similarity()).isEqualTo(compare.address(wien, wien).similarity());
        assertThat(compare.address(wien, graz).similarity()).isLessThan(compare.address(wien, becs).similarity());

        FieldComparison moscow = compare.address(new Address(null, "Москва", null, null, "RU"),
                new Address(null, "Moscow", null, null, "RU"));
        FieldComparison kazan = compare.address(new Address(null, "Москва", null, null, "RU"),
                new Address(null, "Kazan", null, null, "RU"));
        assertThat(moscow.agreement()).isEqualTo(Agreement.EXACT);
        assertThat(kazan.agreement()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void birthdays_forgive_swapped_day_and_month_and_one_typo() {
        LocalDate d = LocalDate.of(1980, 3, 14);
        assertThat(compare.birthday(d, d).agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.birthday(LocalDate.of(1990, 4, 7), LocalDate.of(1990, 7, 4)).agreement())
                .isEqualTo(Agreement.SWAPPED);
        assertThat(compare.birthday(LocalDate.of(1968, 5, 21), LocalDate.of(1986, 5, 21)).agreement())
                .isEqualTo(Agreement.FUZZY);
        assertThat(compare.birthday(d, LocalDate.of(1981, 3, 14)).agreement()).isEqualTo(Agreement.FUZZY);
        assertThat(compare.birthday(LocalDate.of(1955, 2, 11), LocalDate.of(1985, 9, 30)).agreement())
                .isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.birthday(null, d).agreement()).isEqualTo(Agreement.MISSING);
    }

    @Test
    void titles_in_name_fields_are_not_part_of_the_name() {
        assertThat(compare.firstName("Dr. Hans", "Hans").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.firstName("Dipl.-Ing. Anna", "Anna").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.lastName("Prof. Dr. Weber", "Weber").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.lastName("Dr. rer. nat. Weber", "Weber").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.lastName("dr. Kovács", "Kovacs").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.lastName("Schmidt PhD", "Schmidt").agreement()).isEqualTo(Agreement.EXACT);
        // A title alone, a name that only starts like one, and Phil without a title before it stay as written.
        assertThat(compare.lastName("Drake", "Rake").agreement()).isNotEqualTo(Agreement.EXACT);
        assertThat(compare.firstName("Phil", "Hans").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.firstName("Dr.", "Hans").agreement()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void companies_compare_without_legal_forms_and_across_scripts() {
        assertThat(compare.company("Müller GmbH", "MÜLLER GMBH & Co. KG").agreement()).isEqualTo(Agreement.EXACT);
        assertThat(compare.company("Müller GmbH", "Mueller GmbH").agreement())
                .isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.company("ООО «Ромашка»", "Romashka LLC").agreement())
                .isEqualTo(Agreement.TRANSLITERATION);
        assertThat(compare.company("Müller Bau GmbH", "Müller Logistik GmbH").agreement())
                .isEqualTo(Agreement.DIFFERENT);
        // Consonants alike in one script are not a romanisation of each other.
        assertThat(compare.company("Sever Tech Kft.", "Savar Tech Kft.").agreement()).isNotEqualTo(
                Agreement.TRANSLITERATION);
        assertThat(compare.company("ООО «Север»", "Savar LLC").agreement()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void company_names_that_differ_only_in_their_numbers_differ() {
        assertThat(compare.company("Studio54", "Studio45").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.company("Autohaus Meier Berlin Filiale 12", "Autohaus Meier Berlin Filiale 13")
                .agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.company("Unit 2 Ltd", "Unit 3 Ltd").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.company("Studio 54 GmbH", "Studio 54").agreement()).isEqualTo(Agreement.EXACT);
        // A firm's name typed into the name fields: the letters alone were one name.
        assertThat(compare.lastName("Studio 54", "Studio 45").agreement()).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.names("Unit 2", null, "Unit 3", null).firstName().agreement())
                .isEqualTo(Agreement.DIFFERENT);
        assertThat(compare.lastName("Studio 54", "Studio 54").agreement()).isEqualTo(Agreement.EXACT);
    }

    @Test
    void one_given_name_across_languages_is_a_nickname_match_not_an_exact_one() {
        for (String[] pair : new String[][] {{"Sándor", "Alexander"}, {"István", "Stephan"}, {"Péter", "Pyotr"},
                {"János", "Иван"}, {"Mihály", "Michael"}, {"Katalin", "Екатерина"}, {"Erzsébet", "Elizabeth"},
                {"György", "George"}}) {
            FieldComparison c = compare.firstName(pair[0], pair[1]);
            assertThat(c.agreement()).as("%s / %s", pair[0], pair[1]).isEqualTo(Agreement.NICKNAME);
            assertThat(c.similarity()).isLessThan(compare.firstName(pair[0], pair[0]).similarity());
        }
        assertThat(compare.firstName("Péter", "Peter").agreement()).isEqualTo(Agreement.EXACT);
    }

    @Test
    void a_company_name_with_its_legal_form_spelled_out_abbreviated_or_in_another_script_is_one_name() {
        List<List<String>> same = List.of(List.of("Kovács és Társa Kft.", "Kovács & Társa Kft."),
                List.of("Schmidt und Partner GmbH", "Schmidt & Partner GmbH"),
                List.of("Procter and Gamble Ltd", "Procter & Gamble Limited"),
                List.of("Alfa Bt.", "Alfa Betéti Társaság"),
                List.of("Béta Kft.", "Béta Korlátolt Felelősségű Társaság"),
                List.of("Gamma Zrt.", "GAMMA Zártkörűen Működő Részvénytársaság"),
                List.of("Siemens AG", "Siemens Aktiengesellschaft"),
                List.of("Müller GmbH", "Müller Gesellschaft mit beschränkter Haftung"),
                List.of("Müller KG", "Müller Kommanditgesellschaft"),
                List.of("ООО «Ромашка»", "Общество с ограниченной ответственностью «Ромашка»"),
                List.of("АО «Северсталь»", "Severstal JSC"),
                List.of("ПАО «Северсталь»", "Severstal PJSC"),
                List.of("ЗАО «Вектор»", "Vektor CJSC"),
                List.of("ИП Иванов", "IP Ivanov"),
                List.of("Acme LLC", "ACME L.L.C."),
                List.of("Acme, Inc.", "Acme Incorporated"),
                List.of("Яндекс", "Yandex"),
                // romanised another way than Folding does: ё as o or yo, ый as yi or y, ей as ei
                List.of("АО «Жёлтый дом»", "Zholtyi Dom JSC"),
                List.of("ООО «Северный ветер»", "Severny Veter LLC"),
                List.of("ООО «Соловей»", "Solovei LLC"));
        List<String> missed = new java.util.ArrayList<>();
        for (List<String> names : same) {
            FieldComparison c = compare.company(names.get(0), names.get(1));
            if (c.similarity() < 0.9) {
                missed.add(names + " " + c.agreement() + " " + c.similarity());
            }
        }
        assertThat(missed).isEmpty();
    }
}
