package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerSearcherTest {
    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void open() {
        f = Fixture.multilingual(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void diacritics_are_folded_both_ways() {
        assertThat(f.keys("Marton")).contains("marton", "marton_plain");
        assertThat(f.keys("Márton")).contains("marton", "marton_plain");
        assertThat(f.keys("Kovacs")).contains("marton");
    }

    @Test
    void accented_query_ranks_the_exact_spelling_first() {
        assertThat(f.keys("Márton").get(0)).isEqualTo("marton");
        assertThat(f.keys("Marton").get(0)).isEqualTo("marton_plain");
    }

    @Test
    void umlauts_match_with_or_without_expansion_and_eszett_matches_ss() {
        assertThat(f.keys("Muller")).startsWith("mueller");
        assertThat(f.keys("Mueller")).startsWith("mueller");
        assertThat(f.keys("Müller")).startsWith("mueller");
        assertThat(f.keys("Hauptstrasse")).containsExactly("strasse");
        assertThat(f.keys("Munchen")).containsExactly("strasse");
    }

    @Test
    void cyrillic_and_latin_meet_both_ways() {
        assertThat(f.keys("Ivanov")).startsWith("ivanov_cyr");
        assertThat(f.keys("Иванова")).startsWith("ivanova_lat");
        assertThat(f.keys("Иванов")).startsWith("ivanov_cyr");
        assertThat(f.keys("Sergey Ivanov")).startsWith("ivanov_cyr");
        assertThat(f.keys("Shcherbakov")).containsExactly("shcherbakov");
        assertThat(f.keys("Moskva")).containsExactly("ivanov_cyr");
    }

    @Test
    void phones_match_in_any_format_on_the_national_number_and_trailing_digits() {
        for (String q : List.of("+36 1 234 5678", "06-1-234-5678", "0036 1 234 5678", "+3612345678", "1 234 5678",
                "2345678")) {
            assertThat(f.keys(q)).as(q).startsWith("marton");
        }
        for (String q : List.of("(030) 1234567", "+49 30 1234567", "0049 30 1234567", "030/1234567")) {
            assertThat(f.keys(q)).as(q).startsWith("mueller");
        }
        for (String q : List.of("+7 912 345-67-89", "8 (912) 345-67-89", "89123456789", "9123456789")) {
            assertThat(f.keys(q)).as(q).startsWith("ivanov_cyr");
        }
        assertThat(f.keys("020 7946 0958")).startsWith("anna_smith");
    }

    @Test
    void a_phone_number_is_found_while_it_is_typed_from_its_start() {
        // A number typed from its start found nobody until its last digit: only whole numbers and endings matched.
        for (String q : List.of("+36 1 234", "+36 1 234 56", "+361234", "0036 1 234 5", "06 1 234 5", "06-1-234")) {
            assertThat(f.keys(q)).as(q).contains("marton");
            assertThat(f.hit(q, "marton").highlights()).as(q).containsEntry("phones", List.of("<em>+36 1 234 5678</em>"));
        }
        assertThat(f.keys("030 123")).contains("mueller");
        assertThat(f.keys("(030) 1234")).contains("mueller");
        // Typed with its country code, the number stored with that code ranks above another country's number whose
        // national digits begin the same (+49 1234 821780 begins 1234 too).
        f.add("berlin", Fixture.person("Marc", "Howard", null, List.of(), List.of("+49 1234 821780"), "Berlin",
                null, "DE", List.of(), null, null)).refresh();
        for (String q : List.of("+36 1 234", "+361234", "0036 1 234")) {
            assertThat(f.keys(q)).as(q).startsWith("marton").contains("berlin");
            assertThat(f.hit(q, "marton").score()).as(q).isGreaterThan(f.hit(q, "berlin").score());
        }
        assertThat(f.keys("+49 1234")).startsWith("berlin");
        // A whole number still ranks above the numbers it begins.
        assertThat(f.hit("+36 1 234 5678", "marton").score()).isGreaterThan(f.hit("+36 1 234", "marton").score());
        // Too few digits of the national number, or a bare digit run (a postal code, the end of a number): no prefix.
        assertThat(f.keys("+36 1 23")).doesNotContain("marton");
        assertThat(f.keys("1234")).doesNotContain("marton");
    }

    @Test
    void a_whole_phone_number_ranks_clearly_above_another_countrys_number_with_the_same_ending() {
        // +49 (0)89 123456-78 ends in 1 234 5678 too, the national number of the Budapest +36 1 234 5678.
        f.add("munich", Fixture.person("Hans", "Huber", null, List.of(), List.of("+49 (0)89 123456-78"), "München",
                "80331", "DE", List.of(), null, null)).refresh();
        for (String q : List.of("06-1-234-5678", "+36 1 234 5678", "06 1 234 5678", "+3612345678", "0036 1 234 5678")) {
            assertThat(f.keys(q)).as(q).startsWith("marton", "munich");
            float full = f.hit(q, "marton").score();
            float tail = f.hit(q, "munich").score();
            assertThat(full - tail).as(q + ": " + full + " vs " + tail).isGreaterThanOrEqualTo(3);
        }
        // The Munich number typed in full is the Munich customer's own, above the Budapest one.
        assertThat(f.keys("089 12345678")).startsWith("munich");
        // (Below it, the numbers it begins as a number still being typed: the Russian 8 (912) 345-67-89, whose
        // trunk-prefixed form 89123456789 starts with the digits typed after +49.)
        assertThat(f.keys("+49 89 12345678")).startsWith("munich").doesNotContain("marton");
        // A bare ending matches both alike.
        assertThat(f.hit("2345678", "marton").score()).isEqualTo(f.hit("2345678", "munich").score());
    }

    @Test
    void a_phone_with_an_extension_is_found_by_its_number_with_or_without_the_extension() {
        // Before, the extension's digits were indexed as the number's end: 1234567 and +49 30 1234567 found nobody.
        f.add("office", Fixture.person("Ute", "Brandt", null, List.of(), List.of("+49 40 7654321 ext. 12"), "Hamburg",
                null, "DE", List.of(), null, null))
                .add("direct", Fixture.person("Kai", "Vogt", null, List.of(), List.of("+49 40 7654399 Durchwahl 14"),
                        "Hamburg", null, "DE", List.of(), null, null))
                .add("trunk", Fixture.person("Jan", "Beck", null, List.of(), List.of("+49 (0)40 5556667"), "Hamburg",
                        null, "DE", List.of(), null, null))
                .refresh();
        for (String q : List.of("7654321", "+49 40 7654321", "040 7654321", "+49 40 7654321 ext. 12",
                "+49 40 7654321 x12", "040 7654321 доб. 12")) {
            assertThat(f.keys(q)).as(q).startsWith("office");
            assertThat(f.hit(q, "office").highlights()).as(q).containsEntry("phones",
                    List.of("<em>+49 40 7654321 ext. 12</em>"));
        }
        assertThat(f.keys("+49 40 7654399")).startsWith("direct");
        // A trunk (0) after the country code is no digit of the number: typed from its start with the country code,
        // the number ranks as one stored with that code (before, 49 0 40 … began otherwise than 49 40 …).
        assertThat(f.keys("+49 40 5556667")).startsWith("trunk");
        assertThat(f.keys("+49 (0)40 5556667")).startsWith("trunk");
        assertThat(f.hit("+49 40 555", "trunk").score()).isEqualTo(f.hit("+49 40 765", "office").score());
    }

    @Test
    void a_number_typed_with_an_extension_ranks_that_line_first_among_the_customers_sharing_the_number() {
        // Before, 030 1234567-12 was looked up as the number 03012345671 2 (nobody), and a number typed with
        // "ext. 12" found the switchboard and every line behind it alike.
        f.add("switchboard", Fixture.person("Uwe", "Sommer", null, List.of(), List.of("+49 30 1234567"), "Berlin",
                        null, "DE", List.of(), null, null))
                .add("desk12", Fixture.person("Ina", "Wolf", null, List.of(), List.of("+49 30 1234567 ext. 12"),
                        "Berlin", null, "DE", List.of(), null, null))
                .add("desk14", Fixture.person("Tom", "Graf", null, List.of(), List.of("030 1234567 x14"), "Berlin",
                        null, "DE", List.of(), null, null))
                .add("direct", Fixture.person("Lea", "Roth", null, List.of(), List.of("030 1234567-40"), "Berlin",
                        null, "DE", List.of(), null, null))
                .refresh();
        for (String q : List.of("030 1234567-12", "0301234567-12", "+49 30 1234567 ext. 12", "030 1234567 x12",
                "+49 (0)30 1234567 Durchwahl 12")) {
            assertThat(f.keys(q)).as(q).startsWith("desk12").contains("switchboard", "desk14");
            assertThat(f.hit(q, "desk12").score()).as(q).isGreaterThan(f.hit(q, "switchboard").score());
            assertThat(f.hit(q, "desk12").highlights()).as(q).containsEntry("phones",
                    List.of("<em>+49 30 1234567 ext. 12</em>"));
        }
        // A direct-dial number is that line too, and its digits as typed still find it.
        assertThat(f.keys("030 1234567-40")).startsWith("direct").contains("switchboard", "desk12");
        assertThat(f.keys("030 123456740")).startsWith("direct");
        assertThat(f.keys("+49 30 1234567 ext. 40")).startsWith("direct");
        // Typed without an extension, the number finds every line alike, as before.
        for (String q : List.of("030 1234567", "+49 30 1234567", "1234567")) {
            assertThat(f.keys(q)).as(q).contains("switchboard", "desk12", "desk14");
            assertThat(f.hit(q, "desk12").score()).as(q).isEqualTo(f.hit(q, "switchboard").score());
            assertThat(f.hit(q, "desk14").score()).as(q).isEqualTo(f.hit(q, "switchboard").score());
        }
    }

    @Test
    void emails_match_whole_local_part_and_domain() {
        assertThat(f.keys("marton.kovacs@freemail.hu")).containsExactly("marton");
        assertThat(f.keys("MARTON.KOVACS@FREEMAIL.HU")).containsExactly("marton");
        assertThat(f.keys("marton.kovacs")).containsExactly("marton");
        assertThat(f.keys("freemail.hu")).containsExactly("marton");
        assertThat(f.keys("web.de")).containsExactly("mueller");
    }

    @Test
    void city_postal_code_and_tags_are_searched() {
        assertThat(f.keys("Berlin")).containsExactly("mueller");
        assertThat(f.keys("10115")).containsExactly("mueller");
        // Written with its space, a postal code is two words that match nothing alone; together they are the code.
        assertThat(f.keys("sw1a 1aa")).containsExactly("ivanova_lat");
        assertThat(f.keys("SW1A 1AA")).containsExactly("ivanova_lat");
        assertThat(f.keys("SW1A1AA")).containsExactly("ivanova_lat");
        assertThat(f.keys("newsletter")).containsExactly("mueller");
    }

    private static dev.clientele.customer.Customer livingAt(String first, String last, String street, String city,
                                                          String country) {
        return Fixture.person(first, last).withAddress(new dev.clientele.customer.Address(street, city, null, null,
                country));
    }

    @Test
    void streets_are_found_with_house_numbers_abbreviations_and_while_typed_below_names() {
        f.add("andrassy", livingAt("Zsófia", "Nagy", "Andrássy út 12.", "Budapest", "HU"))
                .add("andrassy_other", livingAt("Béla", "Kiss", "Andrássy út 60", "Budapest", "HU"))
                .add("haupt", livingAt("Klaus", "Becker", "Hauptstraße 5", "Köln", "DE"))
                .add("haupt_abbr", livingAt("Jana", "Wolf", "Hauptstr. 17a", "Bonn", "DE"))
                .add("liebermann", livingAt("Uwe", "Franke", "Max-Liebermann-Str. 16b", "Kiel", "DE"))
                .add("named_andrassy", Fixture.person("Gyula", "Andrássy"))
                .refresh();
        // Before, the street was not searched at all: none of these found anyone.
        assertThat(f.keys("Andrássy út")).contains("andrassy", "andrassy_other");
        assertThat(f.keys("Andrassy ut 12")).containsExactly("andrassy");
        assertThat(f.keys("Budapest Andráss")).containsExactlyInAnyOrder("andrassy", "andrassy_other");
        assertThat(f.keys("Hauptstr")).contains("haupt", "haupt_abbr");
        assertThat(f.keys("Hauptstraße 17a")).containsExactly("haupt_abbr");
        assertThat(f.keys("Hauptstr 5")).containsExactly("haupt");
        assertThat(f.keys("Hauptstrasse")).contains("haupt", "haupt_abbr");
        assertThat(f.keys("Liebermannstr")).isEmpty(); // one word typed for two is not matched: said, not hidden
        assertThat(f.keys("Liebermann Str 16b")).containsExactly("liebermann");
        assertThat(f.keys("Becker Hauptstr")).containsExactly("haupt");
        // A name ranks above a street of the same name, and the street is marked.
        assertThat(f.keys("Andrássy").get(0)).isEqualTo("named_andrassy");
        assertThat(f.hit("Andrassy ut 12", "andrassy").highlights())
                .containsEntry("street", List.of("<em>Andrássy</em> <em>út</em> <em>12</em>."));
        assertThat(f.hit("Hauptstr", "haupt_abbr").highlights()).containsEntry("street",
                List.of("<em>Hauptstr</em>. 17a"));
        assertThat(f.searcher.search(new SearchRequest("street:hauptstrasse", true, 20, null)).hits()).hasSize(2);
    }

    @Test
    void a_street_word_of_five_letters_or_more_tolerates_one_typo_ranked_below_exact() {
        f.add("andrassy", livingAt("Zsófia", "Nagy", "Andrássy út 12.", "Budapest", "HU"))
                .add("andrasy", livingAt("Béla", "Kiss", "Andrasy köz 1", "Szeged", "HU"))
                .add("haupt", livingAt("Klaus", "Becker", "Hauptstraße 5", "Köln", "DE"))
                .add("rosa", livingAt("Imre", "Fekete", "Rosa utca 2", "Pécs", "HU"))
                .refresh();
        // Before, a street was matched exactly or as a prefix only: one typo found nobody.
        assertThat(f.keys("Andrasy ut 12")).containsExactly("andrassy");
        assertThat(f.keys("Hauptstrase 5")).containsExactly("haupt");
        assertThat(f.keys("Andrassi")).contains("andrassy");
        // The street as typed ranks above the one a typo away; below five letters no typo (Rosz is not Rosa).
        assertThat(f.keys("Andrasy köz")).containsExactly("andrasy");
        assertThat(f.keys("Andrasy")).startsWith("andrasy", "andrassy");
        assertThat(f.hit("Andrasy ut 12", "andrassy").score()).isLessThan(f.hit("Andrassy ut 12", "andrassy").score());
        assertThat(f.keys("Rosz utca")).isEmpty();
        assertThat(f.hit("Hauptstrase 5", "haupt").highlights()).containsEntry("street",
                List.of("<em>Hauptstraße</em> <em>5</em>"));
    }

    @Test
    void abbreviated_street_words_meet_their_full_forms_both_ways() {
        f.add("terez_abbr", livingAt("Réka", "Fodor", "Teréz krt. 7", "Budapest", "HU"))
                .add("terez_full", livingAt("Ödön", "Lakatos", "Teréz körút 9", "Budapest", "HU"))
                .add("kiraly_abbr", livingAt("Noémi", "Pap", "Király u. 3", "Budapest", "HU"))
                .add("kiraly_full", livingAt("Géza", "Vida", "Király utca 14", "Budapest", "HU"))
                .add("hungaria", livingAt("Ilona", "Bognár", "Hungária sgt. 2", "Szolnok", "HU"))
                .add("havanna", livingAt("Dénes", "Sipos", "Havanna ltp. 4", "Budapest", "HU"))
                .add("marx", livingAt("Heike", "Kuhn", "Karl-Marx-Pl. 1", "Jena", "DE"))
                .add("marien_abbr", livingAt("Uwe", "Lang", "Marienpl. 5", "München", "DE"))
                .add("marien_full", livingAt("Eva", "Roth", "Marienplatz 8", "München", "DE"))
                .add("lenina_abbr", livingAt("Олег", "Зайцев", "ул. Ленина, д. 5", "Самара", "RU"))
                .add("lenina_full", livingAt("Ирина", "Козлова", "улица Ленина, дом 7", "Самара", "RU"))
                .add("mira_abbr", livingAt("Антон", "Белов", "пр-т Мира 3", "Омск", "RU"))
                .add("mira_full", livingAt("Вера", "Титова", "проспект Мира 12", "Омск", "RU"))
                .add("chisty", livingAt("Глеб", "Осипов", "пер. Чистый 2", "Тверь", "RU"))
                .add("baker", livingAt("Tom", "Reed", "12 Baker St", "London", "GB"))
                .add("st_mary", livingAt("Amy", "Cole", "4 St Mary's Rd", "Leeds", "GB"))
                .add("park_abbr", livingAt("Joe", "Hart", "7 Park Ave", "Bath", "GB"))
                .add("park_full", livingAt("Liz", "Wood", "9 Park Avenue", "Bath", "GB"))
                .add("della_street", Fixture.person("Della", "Street"))
                .add("sankt_georg", livingAt("Jonas", "Vogt", "St.-Georg-Str. 4", "Hamburg", "DE"))
                .add("szent_istvan", livingAt("Réka", "Balogh", "Szent István tér 5", "Budapest", "HU"))
                .add("szentes", livingAt("Ábel", "Fodor", "Szentes utca 3", "Szeged", "HU"))
                .refresh();
        // Sankt, Szent and Szt. are Saint, as a leading St is (before, Sankt Georg found no St.-Georg-Str.).
        assertThat(f.keys("Sankt-Georg-Straße 4")).containsExactly("sankt_georg");
        assertThat(f.keys("Saint Georg")).containsExactly("sankt_georg");
        assertThat(f.keys("Szt. István tér")).containsExactly("szent_istvan");
        assertThat(f.keys("Szent István")).containsExactly("szent_istvan");
        assertThat(f.keys("Szentes")).containsExactly("szentes");
        // Before, only a German -str. was read as -straße: every other abbreviation met only itself.
        assertThat(f.keys("Teréz körút 7")).containsExactly("terez_abbr");
        assertThat(f.keys("Terez krt 9")).containsExactly("terez_full");
        assertThat(f.keys("Teréz krt.")).containsExactlyInAnyOrder("terez_abbr", "terez_full");
        assertThat(f.keys("Király utca 3")).containsExactly("kiraly_abbr");
        assertThat(f.keys("Király u. 14")).containsExactly("kiraly_full");
        assertThat(f.keys("Hungária sugárút")).containsExactly("hungaria");
        assertThat(f.keys("Havanna lakótelep 4")).containsExactly("havanna");
        assertThat(f.keys("Karl-Marx-Platz")).containsExactly("marx");
        // A pl. glued to the name, as a glued str.: before, Marienpl. and Marienplatz never met.
        assertThat(f.keys("Marienplatz 5")).containsExactly("marien_abbr");
        assertThat(f.keys("Marienpl. 8")).containsExactly("marien_full");
        assertThat(f.keys("улица Ленина 5")).containsExactly("lenina_abbr");
        assertThat(f.keys("ул. Ленина 7")).containsExactly("lenina_full");
        assertThat(f.keys("Lenina ulitsa")).containsExactlyInAnyOrder("lenina_abbr", "lenina_full");
        assertThat(f.keys("Ленина дом 5")).containsExactly("lenina_abbr");
        assertThat(f.keys("Ленина д. 7")).containsExactly("lenina_full");
        assertThat(f.keys("проспект Мира 3")).containsExactly("mira_abbr");
        assertThat(f.keys("пр-т Мира 12")).containsExactly("mira_full");
        assertThat(f.keys("пр. Мира")).containsExactlyInAnyOrder("mira_abbr", "mira_full");
        assertThat(f.keys("переулок Чистый")).containsExactly("chisty");
        assertThat(f.keys("Baker Street")).containsExactly("baker");
        assertThat(f.keys("Park Avenue")).containsExactlyInAnyOrder("park_abbr", "park_full");
        assertThat(f.keys("Park Ave 9")).containsExactly("park_full");
        // St is Street and Saint: St Mary's Rd is found either way, and the other words tell the streets apart.
        // Leading the street before a name it is Saint only: St Mary's Rd has no Mary Street (before, it had).
        assertThat(f.keys("Mary Street")).isEmpty();
        assertThat(f.keys("Saint Mary")).containsExactly("st_mary");
        assertThat(f.keys("St Mary Road")).containsExactly("st_mary");
        assertThat(f.keys("St. Mary's Rd 4")).containsExactly("st_mary");
        assertThat(f.keys("Baker St")).containsExactly("baker");
        // A name is still a name: Street is Della Street first, and the abbreviation marks the street it matched.
        assertThat(f.keys("Street").get(0)).isEqualTo("della_street");
        assertThat(f.keys("Della Street")).containsExactly("della_street");
        assertThat(f.hit("Teréz körút 7", "terez_abbr").highlights()).containsEntry("street",
                List.of("<em>Teréz</em> <em>krt</em>. <em>7</em>"));
        assertThat(f.searcher.search(new SearchRequest("street:körút", true, 20, null)).hits()).hasSize(2);
    }

    @Test
    void russian_street_abbreviations_meet_their_full_forms_both_ways() {
        f.add("square_abbr", livingAt("Олег", "Зайцев", "пл. Ленина, д. 1", "Самара", "RU"))
                .add("square_full", livingAt("Ирина", "Козлова", "площадь Ленина, дом 3", "Самара", "RU"))
                .add("street", livingAt("Пётр", "Орлов", "ул. Ленина, д. 1", "Самара", "RU"))
                .add("highway", livingAt("Антон", "Белов", "ш. Энтузиастов 12", "Москва", "RU"))
                .add("embankment", livingAt("Вера", "Титова", "наб. Фонтанки, д. 20, кв. 7", "Санкт-Петербург", "RU"))
                .add("boulevard", livingAt("Глеб", "Осипов", "б-р Гагарина 3", "Пермь", "RU"))
                .add("passage", livingAt("Нина", "Смирнова", "пр-д Шокальского, д. 3, корп. 2", "Москва", "RU"))
                .add("district", livingAt("Илья", "Попов", "мкр-н Северный, д. 5, к. 2, стр. 1", "Курск", "RU"))
                .add("dead_end", livingAt("Юрий", "Лебедев", "туп. Глухой 4", "Тула", "RU"))
                .add("platz", livingAt("Heike", "Kuhn", "Karl-Marx-Pl. 1", "Jena", "DE"))
                .refresh();
        // Before, пл. was read as Platz (Latin pl. is), and ш., наб., туп., мкр., кв., корп., к., стр., б-р, пр-д and
        // мкр-н as themselves: none met its full form, and a typed б-р, split at its hyphen, found nothing.
        assertThat(f.keys("площадь Ленина")).containsExactlyInAnyOrder("square_abbr", "square_full");
        assertThat(f.keys("пл. Ленина 3")).containsExactly("square_full");
        assertThat(f.keys("ploshchad Lenina")).containsExactlyInAnyOrder("square_abbr", "square_full");
        assertThat(f.keys("Lenina pl")).containsExactlyInAnyOrder("square_abbr", "square_full");
        assertThat(f.keys("Karl-Marx-Platz")).containsExactly("platz");
        assertThat(f.keys("шоссе Энтузиастов")).containsExactly("highway");
        assertThat(f.keys("набережная Фонтанки 20 квартира 7")).containsExactly("embankment");
        assertThat(f.keys("Fontanki nab")).containsExactly("embankment");
        assertThat(f.keys("бульвар Гагарина")).containsExactly("boulevard");
        assertThat(f.keys("б-р Гагарина 3")).containsExactly("boulevard");
        assertThat(f.keys("проезд Шокальского 3 корпус 2")).containsExactly("passage");
        assertThat(f.keys("микрорайон Северный корпус 2 строение 1")).containsExactly("district");
        assertThat(f.keys("мкр. Северный 5 к. 2")).containsExactly("district");
        assertThat(f.keys("тупик Глухой")).containsExactly("dead_end");
        assertThat(f.hit("бульвар Гагарина", "boulevard").highlights()).containsEntry("street",
                List.of("<em>б-р</em> <em>Гагарина</em> 3"));
        // Suggestions read the typed words as the search box does, and show the street they found.
        assertThat(f.suggester.suggest("площадь Ленина", 8)).extracting(Suggestion::street)
                .containsExactlyInAnyOrder("пл. Ленина, д. 1", "площадь Ленина, дом 3");
        assertThat(f.suggester.suggest("б-р Гага", 8)).extracting(Suggestion::street).containsExactly("б-р Гагарина 3");
    }

    @Test
    void a_romanised_building_is_no_strasse_in_the_street_field() {
        f.add("building", livingAt("Pyotr", "Orlov", "pr-t Lenina, d. 5, str. 1", "Perm", "RU"))
                .add("german", livingAt("Uwe", "Lang", "Am Dom 5, Str. 1", "Jena", "DE"))
                .refresh();
        // Before, str. was Straße in every line: the avenue's building was found as a Lenin Straße.
        assertThat(f.keys("Lenina Strasse")).isEmpty();
        assertThat(f.keys("Dom Strasse")).containsExactly("german");
        assertThat(f.keys("Lenina строение 1")).containsExactly("building");
        assertThat(f.keys("Ленина стр. 1")).containsExactly("building");
        // Typed, a str is both: the words around it in a query say no more than a St's do.
        assertThat(f.keys("pr-t Lenina 5 str 1")).containsExactly("building");
        assertThat(f.keys("Am Dom 5 Str 1")).containsExactly("german");
        assertThat(f.hit("Lenina str 1", "building").highlights()).containsEntry("street",
                List.of("pr-t <em>Lenina</em>, d. 5, <em>str</em>. <em>1</em>"));
    }

    @Test
    void a_city_is_found_while_it_is_typed() {
        // The last word was a prefix of names only: a half-typed city found sound-alikes of other names.
        assertThat(f.keys("Budap")).containsExactly("marton");
        assertThat(f.hit("Budap", "marton").highlights()).containsEntry("city", List.of("<em>Budapest</em>"));
        assertThat(f.hit("Budap", "marton").score()).isEqualTo(QueryBuilder.PREFIX + 5);
        assertThat(f.keys("Anna Lond")).containsExactly("anna_smith");
        assertThat(f.keys("Mosk")).contains("ivanov_cyr");
        assertThat(f.keys("Москв")).contains("ivanov_cyr");
        // Not before the last word, and not from one or two letters.
        assertThat(f.keys("Lond Anna")).isEmpty();
        assertThat(f.keys("Bu")).doesNotContain("marton");
    }

    @Test
    void a_city_is_found_by_its_names_in_other_languages() {
        assertThat(f.keys("Moscow")).containsExactly("ivanov_cyr");
        assertThat(f.keys("Moskau")).containsExactly("ivanov_cyr");
        assertThat(f.keys("Sergey Moszkva")).containsExactly("ivanov_cyr");
        assertThat(f.keys("Munich")).containsExactly("strasse");
        assertThat(f.keys("Мюнхен")).containsExactly("strasse");
        assertThat(f.keys("Petra Munich")).containsExactly("strasse");
        // Marked as a whole, since none of its own words matched.
        assertThat(f.hit("Moscow", "ivanov_cyr").highlights()).containsEntry("city", List.of("<em>Москва</em>"));
        assertThat(f.hit("Moskva", "ivanov_cyr").highlights()).containsEntry("city", List.of("<em>Москва</em>"));

        // Moscow, Idaho is another town: its customers are found by its own name only.
        f.add("idaho", Fixture.person("Jim", "Barker", null, List.of(), List.of(), "Moscow", "83843", "US",
                List.of(), null, null)).refresh();
        assertThat(f.keys("Moskau")).containsExactly("ivanov_cyr");
        assertThat(f.keys("Moscow")).containsExactlyInAnyOrder("ivanov_cyr", "idaho");
    }

    @Test
    void a_short_digit_run_ranks_postal_codes_above_phone_tails() {
        f.add("tail", Fixture.person("Tamas", "Farkas", null, List.of(), List.of("+36 30 555 1051"), "Győr", "9021",
                "HU", List.of(), null, null)).refresh();
        assertThat(f.keys("1051")).containsExactly("marton", "tail");
        assertThat(f.keys("555 1051")).containsExactly("tail");
    }

    @Test
    void typo_budget_depends_on_word_length() {
        assertThat(QueryBuilder.typoBudget(3)).isZero();
        assertThat(QueryBuilder.typoBudget(4)).isEqualTo(1);
        assertThat(QueryBuilder.typoBudget(7)).isEqualTo(1);
        assertThat(QueryBuilder.typoBudget(8)).isEqualTo(2);
        // 3 letters: no typo allowed ("Lex" is not "Lev", and they do not sound alike either)
        assertThat(f.keys("Lex")).doesNotContain("lev");
        // 5 letters: one typo found, in the one-edit tier; two typos not
        assertThat(f.hit("Bemce", "bence").score()).isBetween((float) QueryBuilder.FUZZY1,
                QueryBuilder.FUZZY1 + 10f);
        assertThat(f.keys("Bmece")).doesNotContain("bence");
        // 9 letters: two typos found, in the two-edit tier
        assertThat(f.hit("Hlidegadr", "hildegard").score()).isBetween((float) QueryBuilder.FUZZY2,
                QueryBuilder.FUZZY2 + 10f);
    }

    @Test
    void with_more_words_a_loose_tier_allows_one_more_edit_ranked_below_everything_else() {
        // "Bmece" is two edits from "Bence": not found alone (above), found next to a matching word
        SearchResult.Hit h = f.hit("Bmece Toth", "bence");
        assertThat(h.score()).isBetween(QueryBuilder.EXACT + QueryBuilder.LOOSE + 0f,
                QueryBuilder.EXACT + QueryBuilder.LOOSE + 10f + QueryBuilder.PHRASE);
        assertThat(f.keys("Lex Tolstoy")).contains("lev");
    }

    @Test
    void a_frequent_name_as_typed_keeps_its_loose_tier_only_for_dropped_letters() {
        // "Alma" is two edits from "Anna" (loose only), "Annika" two dropped letters, "Anja" one edit (the budget of
        // a four-letter word)
        f.add("alma", Fixture.person("Alma", "Toth")).add("anja", Fixture.person("Anja", "Toth"))
                .add("annika", Fixture.person("Annika", "Toth")).refresh();
        assertThat(f.keys("Anna Toth")).contains("alma", "anja", "annika");
        for (int i = 0; i < LooseUnlessFrequentQuery.MIN_DOC_FREQ; i++) {
            f.add("anna" + i, Fixture.person("Anna", "Weber" + (char) ('a' + i)));
        }
        f.refresh();
        assertThat(f.keys("Anna Toth")).contains("anja", "annika").doesNotContain("alma");
        // a word that is no frequent name keeps the loose tier next to it
        assertThat(f.keys("Amna Toth")).contains("alma", "anja");
    }

    @Test
    void a_three_letter_last_word_that_many_names_begin_with_reaches_two_edits_only_as_dropped_letters() {
        // "Kim" is two edits from "Kov" (two letters changed), "Kolov" two dropped letters, "Kos" one edit
        f.add("kim", Fixture.person("Anna", "Kim")).add("kos", Fixture.person("Anna", "Kos"))
                .add("kolov", Fixture.person("Anna", "Kolov")).add("kovalenko", Fixture.person("Anna", "Kovalenko"))
                .refresh();
        assertThat(f.keys("Anna Kov")).startsWith("kovalenko").contains("kim", "kos", "kolov");
        for (int i = 0; i < LooseUnlessFrequentQuery.MIN_DOC_FREQ; i++) {
            f.add("kov" + i, Fixture.person("Ilona", "Kovalenk" + (char) ('a' + i)));
        }
        f.refresh();
        assertThat(f.keys("Anna Kov")).startsWith("kovalenko").contains("kos", "kolov").doesNotContain("kim");
    }

    @Test
    void within_a_fuzzy_tier_the_closer_spelling_wins() {
        f.add("fabo", Fixture.person("Fabo", "Nagy")).add("fabio", Fixture.person("Fabio", "Nagy")).refresh();
        // one edit from both; "fabio" is the longer, so relatively closer
        assertThat(f.keys("Faboi")).containsSubsequence("fabio", "fabo");
        assertThat(f.hit("Faboi", "fabio").score() - f.hit("Faboi", "fabo").score()).isBetween(0f, 0.5f);
        assertThat(f.hit("Faboi", "fabio").score()).isNotEqualTo(f.hit("Faboi", "fabo").score());
    }

    @Test
    void highlighter_distance_counts_a_swap_as_one_edit() {
        assertThat(EditDistance.osa("kovacs", "kovacs", 2)).isZero();
        assertThat(EditDistance.osa("kovacs", "kvoacs", 2)).isEqualTo(1);
        assertThat(EditDistance.osa("kovacs", "kovac", 2)).isEqualTo(1);
        assertThat(EditDistance.osa("hildegard", "hlidegadr", 2)).isEqualTo(2);
        assertThat(EditDistance.osa("abc", "xyz", 1)).isEqualTo(2);
    }

    @Test
    void exact_matches_rank_above_fuzzy_ones_even_in_the_weakest_field() {
        List<String> keys = f.keys("Kovacs");
        assertThat(keys).containsSubsequence("marton", "notes_kovacs", "kovach");
        float exactInNotes = f.hit("Kovacs", "notes_kovacs").score();
        float fuzzyInName = f.hit("Kovacs", "kovach").score();
        assertThat(exactInNotes).isGreaterThan(fuzzyInName);
    }

    @Test
    void phonetic_fallback_ranks_below_closer_matches() {
        List<String> keys = f.keys("Schmitt");
        assertThat(keys).startsWith("schmitt").contains("schmidt");
        assertThat(f.hit("Schmitt", "schmitt").score()).isGreaterThan(f.hit("Schmitt", "schmidt").score());
        // "Smit" is too far for one edit from either, but sounds the same
        assertThat(f.keys("Shmit")).contains("schmidt", "schmitt");
    }

    @Test
    void a_sound_of_one_letter_finds_nobody_by_sound() {
        // "Pia", "Bo" and "Abe" all sound like a lone P (Double Metaphone): typing Pia found Bo Grant.
        f.add("pia", Fixture.person("Pia", "Lund")).add("bo", Fixture.person("Bo", "Grant"))
                .add("soos", Fixture.person("Ilona", "Soós")).refresh();
        assertThat(f.keys("pia")).contains("pia").doesNotContain("bo");
        // A sound of two letters or more still finds its sound-alikes.
        assertThat(f.keys("Zzyz")).contains("soos");
    }

    @Test
    void a_name_found_only_by_its_sound_is_highlighted() {
        // Sound-alike hits came with no highlight at all: nothing on screen said why they were found.
        assertThat(f.hit("Shmit", "schmidt").score()).isLessThan(QueryBuilder.FUZZY2);
        assertThat(f.hit("Shmit", "schmidt").highlights()).containsExactly(
                java.util.Map.entry("last_name", List.of("<em>Schmidt</em>")));
        assertThat(f.hit("Karl Shmit", "schmidt").highlights()).containsEntry("first_name", List.of("<em>Karl</em>"))
                .containsEntry("last_name", List.of("<em>Schmidt</em>"));
        // Only where nothing closer matched in that name: an exact hit is not marked by sound-alikes as well.
        assertThat(f.hit("Schmidt", "schmidt").highlights()).containsExactly(
                java.util.Map.entry("last_name", List.of("<em>Schmidt</em>")));
    }

    @Test
    void last_word_is_a_prefix_and_names_match_in_either_order() {
        assertThat(f.keys("Márton Kov")).startsWith("marton");
        assertThat(f.keys("Kov")).contains("marton", "kovach");
        assertThat(f.keys("Kovács Márton")).startsWith("marton");
        assertThat(f.keys("Hild")).containsExactly("hildegard");
        // prefix only on the last word
        assertThat(f.keys("Hild Vogel")).isEmpty();
    }

    @Test
    void an_initial_before_another_word_stands_for_a_name_starting_with_it() {
        // One letter before the last word found nobody: only the last word was a prefix.
        for (String q : List.of("A. Smith", "A Smith", "a. smith")) {
            assertThat(f.keys(q)).as(q).containsExactly("anna_smith");
        }
        assertThat(f.keys("H. Vogel")).containsExactly("hildegard");
        assertThat(f.keys("M. Kovács")).startsWith("marton");
        assertThat(f.keys("С. Иванов")).startsWith("ivanov_cyr");
        assertThat(f.keys("S. Ivanov")).startsWith("ivanov_cyr");
        assertThat(f.keys("B. Smith")).isEmpty();
        // An initial stands for a name, not for a word of the company a namesake works for.
        f.add("rippin", Fixture.person("Dora", "Smith", "Abbott, Rippin and Lesch", List.of(), List.of(), null, null,
                null, List.of(), null, null)).refresh();
        assertThat(f.keys("R. Smith")).isEmpty();
        assertThat(f.suggester.suggest("R Smi", 8)).isEmpty();
        assertThat(f.keys("D. Smith")).containsExactly("rippin");
        assertThat(f.hit("D. Smith", "rippin").highlights()).doesNotContainKey("company")
                .containsEntry("first_name", List.of("<em>Dora</em>"));
        f.add("jp", Fixture.person("Jean-Pierre", "Lefèvre")).refresh();
        assertThat(f.keys("J.-P. Lefèvre")).containsExactly("jp");
        assertThat(f.keys("J-P Lefevre")).containsExactly("jp");
        assertThat(f.suggester.suggest("J.-P. Lef", 8)).extracting(Suggestion::id).containsExactly(f.id("jp"));
        assertThat(f.hit("A. Smith", "anna_smith").highlights().get("first_name")).containsExactly("<em>Anna</em>");
        assertThat(f.suggester.suggest("A. Smith", 8)).extracting(Suggestion::id).containsExactly(f.id("anna_smith"));
        assertThat(f.suggester.suggest("A Smi", 8)).extracting(Suggestion::id).containsExactly(f.id("anna_smith"));
        assertThat(f.suggester.suggest("B Smi", 8)).isEmpty();
    }

    @Test
    void another_form_of_the_first_name_finds_the_customer_below_the_name_as_typed() {
        f.add("robert", Fixture.person("Robert", "Jones")).add("bobby", Fixture.person("Bobby", "Jones"))
                .add("bob", Fixture.person("Bob", "Jones")).add("sasha", Fixture.person("Александр", "Пушкин"))
                .add("istvan", Fixture.person("István", "Nagy")).refresh();
        // "Bob Jones" found only Bob: Robert and Bobby are the same first name in other forms.
        assertThat(f.keys("Bob Jones")).startsWith("bob").contains("robert", "bobby");
        assertThat(f.keys("Robert Jones")).startsWith("robert").contains("bob", "bobby");
        assertThat(f.keys("Jones Rob")).contains("robert");
        assertThat(f.keys("Sasha Pushkin")).containsExactly("sasha");
        assertThat(f.keys("Pista Nagy")).containsExactly("istvan");
        assertThat(f.hit("Bob Jones", "robert").score()).isLessThan(f.hit("Bob Jones", "bob").score());
        assertThat(f.hit("Bob Jones", "robert").highlights()).containsEntry("first_name", List.of("<em>Robert</em>"));
        assertThat(f.keys("Bob Smith")).doesNotContain("robert");
    }

    @Test
    void names_typed_together_in_either_order_get_the_phrase_bonus() {
        f.add("split", Fixture.person("Anna", "Kiss", "Smith & Co", List.of(), List.of(), null, null, null,
                List.of(), null, null)).refresh();
        float together = f.hit("Anna Smith", "anna_smith").score();
        assertThat(together).isEqualTo(2 * (QueryBuilder.EXACT + 10) + QueryBuilder.PHRASE);
        assertThat(f.hit("Smith Anna", "anna_smith").score()).isEqualTo(together);
        assertThat(f.hit("Anna Smith", "split").score()).isLessThan(together - QueryBuilder.PHRASE + 1);
        assertThat(f.keys("Anna Smith")).startsWith("anna_smith");
    }

    @Test
    void or_in_capitals_between_words_finds_either_side_and_a_lower_case_or_is_a_word() {
        f.add("noa_or", Fixture.person("Noa", "Or")).refresh();
        // Before, OR was one more word every customer had to match: smith OR jones found nobody.
        for (List<String> sides : List.of(List.of("Schmidt", "Müller"), List.of("Anna Smith", "Ivanov", "Tolstoy"))) {
            Set<String> union = new HashSet<>();
            sides.forEach(side -> union.addAll(f.keys(side)));
            assertThat(f.keys(String.join(" OR ", sides))).containsExactlyInAnyOrderElementsOf(union);
        }
        assertThat(f.keys("Schmidt OR Müller").subList(0, 2)).containsExactlyInAnyOrder("schmidt", "mueller");
        assertThat(f.keys("Anna Smith OR Ivanov OR Tolstoy")).contains("anna_smith", "ivanov_cyr", "lev");
        // Each side keeps its own ranking: the exact side of "Hildegard OR Márton" ranks by its tier.
        assertThat(f.keys("Márton OR Hildegard").subList(0, 2)).containsExactlyInAnyOrder("marton", "hildegard");
        assertThat(f.hit("Schmidt OR Müller", "mueller").highlights()).containsKey("last_name");
        // Lower case it is a word, as the advanced syntax has it; an OR with nothing after it is left out while
        // the next word is typed, and an OR alone is a word.
        assertThat(f.keys("Noa or")).containsExactly("noa_or");
        assertThat(f.keys("Noa OR")).startsWith("noa_or");
        assertThat(f.keys("Schmidt or Müller")).doesNotContain("schmidt", "mueller");
        assertThat(f.keys("OR")).startsWith("noa_or");
        assertThat(f.keys("Schmidt OR")).isEqualTo(f.keys("Schmidt"));
        assertThat(f.searcher.search(new SearchRequest("last_name:Schmidt OR last_name:Müller", true, 20, null))
                .total()).isEqualTo(2);
    }

    @Test
    void every_word_must_match_somewhere() {
        assertThat(f.keys("Anna London")).containsExactly("anna_smith");
        assertThat(f.keys("Anna Berlin")).isEmpty();
    }

    @Test
    void a_word_without_letters_or_digits_does_not_empty_the_results() {
        f.add("pg", Fixture.person(null, null, "Procter & Gamble Inc.", List.of(), List.of(), "Cincinnati", null,
                "US", List.of(), null, null)).refresh();
        // The tokenizer drops "&" from the stored name; as a required word it matched nothing.
        assertThat(f.keys("Procter & Gamble")).containsExactly("pg");
        assertThat(f.keys("Procter & Gamble Inc.")).containsExactly("pg");
        assertThat(f.keys("Anna - London")).containsExactly("anna_smith");
        assertThat(f.keys("Anna Smith \uD83D\uDE00")).startsWith("anna_smith");
        // Nothing to search for at all: no hits (not everyone).
        assertThat(f.keys("&")).isEmpty();
        assertThat(f.keys("- / \uD83D\uDE00")).isEmpty();
    }

    @Test
    void joining_words_are_optional_and_only_break_ties() {
        f.add("pg", Fixture.person(null, null, "Procter & Gamble Inc.", List.of(), List.of(), "Cincinnati", null,
                "US", List.of(), null, null));
        f.add("pg_typo", Fixture.person(null, null, "Proctor and Gamble Ltd", List.of(), List.of(), "Leeds", null,
                "GB", List.of(), null, null));
        f.add("szabo", Fixture.person(null, null, "Szabó & Társa Bt.", List.of(), List.of(), "Győr", null, "HU",
                List.of(), null, null)).refresh();
        assertThat(f.keys("Procter and Gamble")).startsWith("pg").contains("pg_typo");
        assertThat(f.keys("Procter und Gamble")).startsWith("pg");
        assertThat(f.keys("Szabó és Társa")).containsExactly("szabo");
        assertThat(f.keys("Szabo es Tarsa")).containsExactly("szabo");
        // Exact on every word ranks above a typo that has the joining word.
        assertThat(f.hit("Procter and Gamble", "pg").score()).isGreaterThan(
                f.hit("Procter and Gamble", "pg_typo").score());
        // Typed last, it may be the start of the next word or of a name: "Procter and" keeps showing P&G.
        assertThat(f.keys("Procter and")).contains("pg", "pg_typo");
        // Alone it is a word like any other.
        assertThat(f.keys("and")).contains("pg_typo").doesNotContain("pg");
        // Suggestions too, as the name is typed on.
        assertThat(f.suggester.suggest("Procter and G", 8)).extracting(Suggestion::id).containsExactly(f.id("pg"));
        assertThat(f.suggester.suggest("Szabo es Ta", 8)).extracting(Suggestion::id).containsExactly(f.id("szabo"));
    }

    @Test
    void an_email_address_is_found_while_it_is_typed() {
        String address = "marton.kovacs@freemail.hu";
        for (int end = 4; end <= address.length(); end++) {
            String typed = address.substring(0, end);
            assertThat(f.keys(typed)).as(typed).contains("marton");
        }
        assertThat(f.keys("@freemail.hu")).containsExactly("marton");
        assertThat(f.keys("j.mueller@")).containsExactly("mueller");
        assertThat(f.keys("J.Mueller@Web.d")).containsExactly("mueller");
        // A whole address still ranks as an exact match.
        assertThat(f.hit(address, "marton").score()).isGreaterThan((float) QueryBuilder.EXACT);
    }

    @Test
    void apostrophes_and_dots_in_names_need_not_be_typed() {
        f.add("obrien", Fixture.person("Seán", "O'Brien")).add("oneil", Fixture.person("Mary", "O’Neil"));
        f.add("bv", Fixture.person(null, null, "Van der Berg B.V.", List.of(), List.of(), "Amsterdam", null, "NL",
                List.of(), null, null)).refresh();
        for (String q : List.of("O'Brien", "O’Brien", "OBrien", "obrien", "O Brien", "Brien", "Sean O Brien")) {
            assertThat(f.keys(q)).as(q).startsWith("obrien");
            assertThat(f.hit(q, "obrien").score()).as(q).isGreaterThan((float) QueryBuilder.EXACT);
        }
        assertThat(f.keys("ONeil")).startsWith("oneil");
        assertThat(f.keys("O'Neil")).startsWith("oneil");
        // The query is not split: "O'Brien" is not every O'Anything.
        assertThat(f.keys("O'Brien")).doesNotContain("oneil");
        assertThat(f.keys("Van der Berg BV")).containsExactly("bv");
        assertThat(f.keys("Van der Berg B.V.")).containsExactly("bv");
    }

    @Test
    void cyrillic_soft_and_hard_signs_need_no_apostrophe_in_latin() {
        f.add("olga_cyr", Fixture.person("Ольга", "Петрова")).add("natalya", Fixture.person("Наталья", "Подъячева"))
                .refresh();
        // Transliteration writes the signs as apostrophes (Ol'ga, Natal'ya, Pod"yacheva) that nobody types.
        for (String q : List.of("Olga", "Natalya", "Podyacheva", "Olga Petrova", "Natalya Podyacheva")) {
            String key = q.startsWith("Olga") ? "olga_cyr" : "natalya";
            assertThat(f.keys(q)).as(q).contains(key);
            assertThat(f.hit(q, key).score()).as(q).isGreaterThan((float) QueryBuilder.EXACT);
        }
        // A name match, one below the Latin-stored Olga, which is typed exactly as stored.
        assertThat(f.hit("Olga", "olga_cyr").score()).isEqualTo(QueryBuilder.EXACT + 9f);
        assertThat(f.hit("Olga", "ivanova_lat").score()).isEqualTo(QueryBuilder.EXACT + 10f);
    }

    @Test
    void a_short_cyrillic_name_with_a_soft_sign_keeps_its_typo_budget() {
        f.add("ilya", Fixture.person("Илья", "Ефремов")).add("olga_e", Fixture.person("Ольга", "Ефремова")).refresh();
        // Without its sign marks Any-Latin makes Иья "ia", two letters, too short for any typo; typos are matched
        // on the BGN form (iya, ilya), as people type Russian names in Latin letters.
        for (String q : List.of("Иья Ефремов", "Ефремов Иья", "Iya Efremov", "Ильа Ефремов")) {
            assertThat(f.keys(q)).as(q).startsWith("ilya");
        }
        assertThat(f.keys("Ола Ефремова")).startsWith("olga_e");
    }

    @Test
    void german_romanisations_of_cyrillic_names_are_exact_matches() {
        f.add("zhukov", Fixture.person("Георгий", "Жуков")).add("shchukin", Fixture.person("Дмитрий", "Щукин"))
                .refresh();
        // Found before as sound-alikes of other names at best (Iwanow, Schukow) or not at all (Schtschukin).
        assertThat(f.keys("Iwanow")).startsWith("ivanov_cyr");
        assertThat(f.keys("Sergej Iwanow")).startsWith("ivanov_cyr");
        assertThat(f.keys("Schukow")).startsWith("zhukov");
        assertThat(f.keys("Schtschukin")).startsWith("shchukin");
        assertThat(f.keys("Dmitri Schtschukin")).startsWith("shchukin");
        assertThat(f.keys("Schtscherbakow")).startsWith("shcherbakov");
        for (String q : List.of("Iwanow", "Schukow", "Schtschukin")) {
            assertThat(f.searcher.search(SearchRequest.of(q)).hits().get(0).score()).as(q)
                    .isGreaterThan((float) QueryBuilder.EXACT);
        }
        assertThat(f.hit("Schukow", "zhukov").highlights()).containsEntry("last_name", List.of("<em>Жуков</em>"));
    }

    @Test
    void latin_spellings_of_one_russian_name_meet_whichever_way_each_was_written() {
        f.add("ivanov_lat", Fixture.person("Sergey", "Ivanov")).add("iwanow_lat", Fixture.person("Pjotr", "Iwanow"))
                .add("zhukov_lat", Fixture.person("Georgy", "Zhukov")).add("schukow_lat", Fixture.person("Anna", "Schukow"))
                .add("shchukin_lat", Fixture.person("Boris", "Shchukin"))
                .add("schtschukin_lat", Fixture.person("Olga", "Schtschukin"))
                .add("yulia_lat", Fixture.person("Yulia", "Orlova")).add("julia_lat", Fixture.person("Julia", "Belowa"))
                .refresh();
        // Before, a Latin-stored name was found only as typed: Iwanow found the Cyrillic Иванов, not Ivanov.
        Map<String, String> typedFinds = new java.util.LinkedHashMap<>();
        typedFinds.put("Iwanow", "ivanov_lat");
        typedFinds.put("Ivanov", "iwanow_lat");
        typedFinds.put("Schukow", "zhukov_lat");
        typedFinds.put("Zhukov", "schukow_lat");
        typedFinds.put("Schtschukin", "shchukin_lat");
        typedFinds.put("Shchukin", "schtschukin_lat");
        typedFinds.put("Julia", "yulia_lat");
        typedFinds.put("Yulia", "julia_lat");
        typedFinds.put("Sergej Iwanow", "ivanov_lat");
        typedFinds.forEach((q, key) -> {
            assertThat(f.keys(q)).as(q).contains(key);
            assertThat(f.hit(q, key).score()).as(q).isGreaterThan((float) QueryBuilder.EXACT);
        });
        // As typed still first (name typed exactly as stored), and the match is marked.
        assertThat(f.keys("Ivanov").get(0)).isIn("ivanov_lat", "ivanov_cyr");
        assertThat(f.keys("Ivanov").indexOf("ivanov_lat")).isLessThan(f.keys("Ivanov").indexOf("iwanow_lat"));
        assertThat(f.hit("Iwanow", "ivanov_lat").highlights()).containsEntry("last_name", List.of("<em>Ivanov</em>"));
        // Names no Russian name romanises to are not widened: nobody else is an exact match for Smith.
        assertThat(f.searcher.search(SearchRequest.of("Smith")).hits().stream()
                .filter(h -> h.score() > QueryBuilder.EXACT).map(h -> h.id()).toList())
                .containsExactly(f.id("anna_smith"));
    }

    @Test
    void a_name_spelled_as_typed_ranks_above_one_found_only_through_another_romanisation() {
        f.add("vagner", Fixture.person("Oleg", "Vagner")).add("wagner", Fixture.person("Klaus", "Wagner"))
                .add("wagner_co", Fixture.person("Eva", "Fischer", "Wagner GmbH", List.of(), List.of(), null, null,
                        "DE", List.of(), null, null))
                .add("yulia", Fixture.person("Yulia", "Zorina")).add("julia_hu", Fixture.person("Júlia", "Szép"))
                .refresh();
        // Another romanisation still finds the name (Wagner finds Vagner, Julia finds Yulia) ...
        assertThat(f.keys("Wagner")).contains("vagner");
        assertThat(f.keys("Julia")).contains("yulia");
        // ... but below the spelling typed, in a name or a company, and below it with its accents folded away
        // (Júlia for Julia). Before, a romanisation scored as a name folded (Júlia and Yulia tied, in index order)
        // and above a company typed exactly.
        assertThat(f.keys("Wagner")).startsWith("wagner", "wagner_co", "vagner");
        assertThat(f.keys("Vagner")).startsWith("vagner", "wagner");
        assertThat(f.keys("Julia")).startsWith("julia_hu", "yulia");
        assertThat(f.keys("Julia Z")).startsWith("yulia");
        assertThat(f.hit("Wagner", "vagner").score()).isLessThan(f.hit("Wagner", "wagner_co").score())
                .isGreaterThan((float) QueryBuilder.EXACT);
    }

    @Test
    void popular_romanisations_of_cyrillic_names_are_exact_matches() {
        f.add("alexey", Fixture.person("Алексей", "Фёдоров")).add("yulia", Fixture.person("Юлия", "Соловьёва"))
                .add("pyotr", Fixture.person("Пётр", "Ильин")).refresh();
        // Two edits from the BGN forms (Aleksey, Yuliya, Petr, Fedorov) in short names: found before only as a
        // sound-alike, tied with Alexa, or not at all (Pyotr).
        for (String q : List.of("Alexey", "Fyodorov", "Yulia", "Solovyova", "Pyotr", "Alexey Fyodorov",
                "Aleksey Fedorov", "Yuliya")) {
            String key = q.startsWith("Ale") || q.startsWith("Fyo") ? "alexey" : q.startsWith("P") ? "pyotr" : "yulia";
            assertThat(f.keys(q)).as(q).startsWith(key);
            assertThat(f.hit(q, key).score()).as(q).isGreaterThan((float) QueryBuilder.EXACT);
        }
    }

    @Test
    void hits_carry_a_summary_and_highlights() {
        SearchResult.Hit h = f.hit("Marton", "marton");
        assertThat(h.displayName()).isEqualTo("Márton Kovács");
        assertThat(h.city()).isEqualTo("Budapest");
        assertThat(h.country()).isEqualTo("HU");
        assertThat(h.highlights()).containsEntry("first_name", List.of("<em>Márton</em>"));
        assertThat(f.hit("06-1-234-5678", "marton").highlights())
                .containsEntry("phones", List.of("<em>+36 1 234 5678</em>"));
        assertThat(f.hit("freemail.hu", "marton").highlights())
                .containsEntry("emails", List.of("<em>marton.kovacs@freemail.hu</em>"));
        assertThat(f.hit("Kovacs", "notes_kovacs").highlights().get("notes").get(0))
                .contains("<em>kovacs</em>");
        assertThat(f.hit("Ivanov", "ivanov_cyr").highlights()).containsEntry("last_name", List.of("<em>Иванов</em>"));
    }

    @Test
    void small_totals_are_exact() {
        SearchResult r = f.searcher.search(SearchRequest.of("Kovacs"));
        assertThat(r.total()).isEqualTo(r.hits().size());
        assertThat(r.totalRelation()).isEqualTo("eq");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.nextCursor()).isNull();
    }

    @Test
    void an_exhausted_time_limit_returns_partial_results_flagged_timed_out() {
        SearchResult r = new CustomerSearcher(f.index, java.time.Duration.ZERO).search(SearchRequest.of("Kovacs"));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.totalRelation()).isEqualTo("gte");
        assertThat(f.searcher.search(SearchRequest.of("Kovacs")).timedOut()).isFalse();
    }

    @Test
    void blank_query_lists_everyone_most_recently_changed_first() {
        SearchResult r = f.searcher.search(SearchRequest.of(""));
        assertThat(r.total()).isEqualTo(f.ids.size());
        assertThat(f.keys(r).get(0)).isEqualTo("anna_smith");
    }

    @Test
    void cursor_pages_through_everything_without_gaps_or_repeats_across_refreshes() {
        for (int i = 0; i < 23; i++) {
            f.add("p" + i, Fixture.person("Paula", "Pager" + i));
        }
        f.refresh();
        for (boolean blank : List.of(false, true)) {
            SearchRequest req = new SearchRequest(blank ? "" : "Paula", false, 5, null);
            List<String> seen = new ArrayList<>();
            int pages = 0;
            while (true) {
                SearchResult r = f.searcher.search(req);
                r.hits().forEach(h -> seen.add(h.id()));
                pages++;
                if (pages == 2) {
                    // a new customer that sorts before everything must not shift later pages
                    f.add("late" + blank, Fixture.person("Paula", "Late"));
                    f.refresh();
                }
                if (r.nextCursor() == null) {
                    break;
                }
                req = req.withCursor(r.nextCursor());
            }
            Set<String> unique = new HashSet<>(seen);
            assertThat(unique).hasSize(seen.size());
            for (int i = 0; i < 23; i++) {
                assertThat(seen).contains(f.id("p" + i));
            }
        }
    }

    @Test
    void bad_limit_and_cursor_are_rejected() {
        assertThatThrownBy(() -> new SearchRequest("x", false, 0, null)).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> new SearchRequest("x", false, 101, null)).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> f.searcher.search(new SearchRequest("x", false, 5, "not-a-cursor!")))
                .isInstanceOf(InvalidSearchException.class).hasMessageContaining("cursor");
    }

    @Test
    void advanced_mode_queries_fields() {
        assertThat(f.keys(f.searcher.search(new SearchRequest("city:Berlin", true, 10, null))))
                .containsExactly("mueller");
        assertThat(f.keys(f.searcher.search(new SearchRequest("rep:\"Anna Kovács\"", true, 10, null))))
                .containsExactly("marton");
        assertThat(f.keys(f.searcher.search(new SearchRequest("country:de -city:berlin", true, 10, null))))
                .containsExactlyInAnyOrder("strasse", "schmidt", "schmitt", "hildegard");
        assertThat(f.keys(f.searcher.search(new SearchRequest("phone:\"06 1 234 5678\"", true, 10, null))))
                .containsExactly("marton");
        assertThat(f.keys(f.searcher.search(new SearchRequest("last_name:Mull*", true, 10, null))))
                .containsExactly("mueller");
        assertThat(f.keys(f.searcher.search(new SearchRequest("Kovacs city:Budapest", true, 10, null))))
                .containsExactly("marton");
    }

    @Test
    void advanced_syntax_errors_name_the_column() {
        assertThatThrownBy(() -> f.searcher.search(new SearchRequest("city:(Berlin", true, 10, null)))
                .isInstanceOf(InvalidSearchException.class).hasMessageStartingWith("syntax error at column ");
        assertThatThrownBy(() -> f.searcher.search(new SearchRequest("name:\"Anna", true, 10, null)))
                .isInstanceOf(InvalidSearchException.class).hasMessageStartingWith("syntax error at column ");
        assertThatThrownBy(() -> f.searcher.search(new SearchRequest("city:Berlin salary:5", true, 10, null)))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessageStartingWith("syntax error at column 13: unknown field 'salary'");
        assertThatThrownBy(() -> f.searcher.search(new SearchRequest("name:*ller", true, 10, null)))
                .isInstanceOf(InvalidSearchException.class).hasMessageStartingWith("syntax error");
        assertThatThrownBy(() -> f.searcher.search(new SearchRequest("name:/mu.*/", true, 10, null)))
                .isInstanceOf(InvalidSearchException.class).hasMessageContaining("regular expressions");
    }

    @Test
    void suggestions_find_streets_below_names_and_or_in_capitals_as_the_search_box_does() {
        f.add("andrassy", livingAt("Zsófia", "Nagy", "Andrássy út 12.", "Budapest", "HU"))
                .add("andrassy_other", livingAt("Béla", "Kiss", "Andrássy út 60", "Budapest", "HU"))
                .add("haupt_abbr", livingAt("Jana", "Wolf", "Hauptstr. 17a", "Bonn", "DE"))
                .add("named_andrassy", livingAt("Gyula", "Andrássy", "Király utca 3", "Budapest", "HU"))
                .add("named_andrasko", Fixture.person("Pál", "Andraskó"))
                .refresh();
        // Before, suggestions knew names and companies only: a street found nobody, and OR was one more word.
        assertThat(suggested("Andrassy ut 12")).containsExactly("andrassy");
        assertThat(suggested("Andrássy út")).containsExactlyInAnyOrder("andrassy", "andrassy_other");
        assertThat(suggested("Hauptstraße 17")).isEmpty(); // a house number is a whole word, as in search
        assertThat(suggested("Hauptstrasse 17a")).containsExactly("haupt_abbr");
        assertThat(suggested("Hauptstr")).contains("haupt_abbr", "strasse");
        // The last word as the start of a street from 3 letters, ranked below names (whole, then completing).
        assertThat(suggested("Andrássy")).containsExactly("named_andrassy", "andrassy", "andrassy_other");
        assertThat(suggested("Andr")).startsWith("named_andrassy", "named_andrasko")
                .containsExactlyInAnyOrder("named_andrassy", "named_andrasko", "andrassy", "andrassy_other");
        // A suggestion found by its street shows the street; one found by its name does not.
        assertThat(f.suggester.suggest("Andrássy", 8)).extracting(Suggestion::street)
                .containsExactly(null, "Andrássy út 12.", "Andrássy út 60");
        assertThat(f.suggester.suggest("Hauptstr 17a", 8)).extracting(Suggestion::street)
                .containsExactly("Hauptstr. 17a");
        // OR in capitals between words: either side, each side as it would suggest on its own.
        assertThat(suggested("Schmidt OR Müll")).containsExactlyInAnyOrder("schmidt", "mueller");
        assertThat(suggested("Márton Ko OR Ivanova")).containsExactlyInAnyOrder("marton", "ivanova_lat");
        assertThat(suggested("Schmidt OR")).isEqualTo(suggested("Schmidt"));
        assertThat(suggested("Schmidt or Müller")).isEmpty();
    }

    @Test
    void suggestions_show_streets_only_after_every_name_and_company_that_completes_the_words() {
        f.add("street_nagy", livingAt("Béla", "Kiss", "Nagy utca 3", "Eger", "HU"))
                .add("named_nagy", Fixture.person("Anna", "Nagy"))
                .add("named_nagyne", Fixture.person("Éva", "Nagyné"))
                .refresh();
        // Before, a street's whole word ranked above a name's start: Kiss of Nagy utca came before Nagyné.
        assertThat(suggested("Nagy")).containsExactly("named_nagy", "named_nagyne", "street_nagy");
        assertThat(suggested("Béla Nagy")).containsExactly("street_nagy");
        assertThat(f.suggester.suggest("Nagy", 2)).extracting(Suggestion::street).containsExactly(null, null);
        assertThat(f.suggester.suggest("Nagy", 3)).extracting(Suggestion::street)
                .containsExactly(null, null, "Nagy utca 3");
    }

    private List<String> suggested(String q) {
        List<String> out = new ArrayList<>();
        for (Suggestion s : f.suggester.suggest(q, 8)) {
            out.add(f.ids.entrySet().stream().filter(e -> e.getValue().equals(s.id())).map(Map.Entry::getKey)
                    .findFirst().orElse(s.id()));
        }
        return out;
    }

    @Test
    void suggestions_put_whole_words_before_completions_whatever_the_index_order() {
        f.add("completion", Fixture.person("Bea", "Kovácsné")).add("whole", Fixture.person("Bea", "Ko")).refresh();
        assertThat(f.suggester.suggest("Bea Ko", 8)).extracting(Suggestion::id)
                .containsExactly(f.id("whole"), f.id("completion"));
        assertThat(f.suggester.suggest("Bea Ko", 1)).extracting(Suggestion::id).containsExactly(f.id("whole"));
        assertThat(f.suggester.suggest("Bea Kov", 8)).extracting(Suggestion::id).containsExactly(f.id("completion"));
    }

    @Test
    void suggestions_complete_the_last_word() {
        assertThat(f.suggester.suggest("Kov", 8)).extracting(Suggestion::id)
                .contains(f.id("marton"), f.id("kovach"));
        assertThat(f.suggester.suggest("Márton Ko", 8)).extracting(Suggestion::text)
                .containsExactly("Márton Kovács");
        assertThat(f.suggester.suggest("muel", 8)).extracting(Suggestion::text).containsExactly("Jürgen Müller");
        assertThat(f.suggester.suggest("Ива", 8)).extracting(Suggestion::id)
                .contains(f.id("ivanov_cyr"), f.id("ivanova_lat"));
        assertThat(f.suggester.suggest("Hauptstr", 8)).extracting(Suggestion::company)
                .containsExactly("Hauptstraße Bau GmbH");
        assertThat(f.suggester.suggest("  ", 8)).isEmpty();
        assertThat(f.suggester.suggest("K", 1)).hasSize(1);
        assertThatThrownBy(() -> f.suggester.suggest("K", 21)).isInstanceOf(InvalidSearchException.class);
    }
}
