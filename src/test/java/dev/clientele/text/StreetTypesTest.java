package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreetTypesTest {

    @Test
    void hyphenated_abbreviations_are_read_as_their_words_in_any_case_and_only_as_whole_words() {
        // Before, search read пр-т alone and matching б-р and пр-т only, each with a list of its own.
        assertThat(StreetTypes.words("Б-Р Гагарина, д. 3")).isEqualTo(StreetTypes.words("бульвар Гагарина, д. 3"));
        assertThat(StreetTypes.words("Ленинский пр-т. 45")).isEqualTo(StreetTypes.words("Ленинский проспект 45"));
        assertThat(StreetTypes.words("пр-д Шокальского")).isEqualTo(StreetTypes.words("проезд Шокальского"));
        assertThat(StreetTypes.words("мкр-н Северный")).isEqualTo(StreetTypes.words("микрорайон Северный"));
        // Cyrillic only: a typed word is read so in every field, and a Latin B-R is as likely a firm's name.
        assertThat(StreetTypes.withHyphenatedWrittenOut("B-R Logistik")).isEqualTo("B-R Logistik");
        assertThat(StreetTypes.withHyphenatedWrittenOut("Гроб-рука, Кпр-т")).isEqualTo("Гроб-рука, Кпр-т");
    }

    @Test
    void every_abbreviation_search_writes_out_is_a_type_of_its_words_kind_for_matching() {
        // Search writes these out (README); matching must leave each out as a type of the same kind as its word.
        List<String> abbreviations = List.of("pl", "u", "krt", "sgt", "ltp", "ул", "ul", "пр", "pr", "пер", "per",
                "пл", "ш", "sh", "наб", "nab", "туп", "tup", "мкр", "mkr", "д", "d", "корп", "korp", "стр", "кв", "kv",
                "St", "Rd", "Ave", "Av", "Blvd", "Sq", "Ln", "Ct", "Cres", "Cct", "Pde", "Tce", "Hwy");
        for (String a : abbreviations) {
            List<String> full = StreetTypes.fullForms(a, null);
            assertThat(full).as(a).isNotEmpty();
            StreetTypes.Word abbreviated = StreetTypes.read(a).get(0);
            StreetTypes.Word written = StreetTypes.read(full.get(0)).get(0);
            assertThat(abbreviated.isType()).as(a).isTrue();
            assertThat(written.isType()).as(full.get(0)).isTrue();
            assertThat(abbreviated.kinds()).as(a).containsAll(written.kinds());
            // Exactly: no kind its romanisation spells in another language (стр, строение, is no Straße).
            if (Folding.hasNonLatinLetter(a)) {
                assertThat(abbreviated.kinds()).as(a).isEqualTo(written.kinds());
            }
        }
        // In its own script: Cyrillic пл is площадь only, Latin pl also Platz and Place; у (at) is no utca.
        assertThat(StreetTypes.fullForms("пл", null)).containsExactly("площадь");
        assertThat(StreetTypes.fullForms("Pl", null)).contains("Platz", "площадь", "Place");
        assertThat(StreetTypes.fullForms("у", null)).isEmpty();
        assertThat(StreetTypes.read("у").get(0).isType()).isFalse();
        assertThat(StreetTypes.read("стр").get(0).kinds()).isEmpty();
        assertThat(StreetTypes.read("Str").get(0).kinds()).containsExactly("street");
        // к is корпус before a number only, for search and matching alike.
        assertThat(StreetTypes.fullForms("к", "2")).containsExactly("корпус");
        assertThat(StreetTypes.fullForms("к", "Заводу")).isEmpty();
        assertThat(StreetTypes.read("д. 5, к. 2").get(2).isType()).isTrue();
        assertThat(StreetTypes.read("проезд к Заводу").get(1).isType()).isFalse();
    }

    @Test
    void kinds_tell_a_lane_from_a_street_and_a_compound_has_its_type_at_the_end() {
        assertThat(StreetTypes.read("koz").get(0).kinds()).containsExactly("lane");
        assertThat(StreetTypes.read("u").get(0).kinds()).containsExactly("street");
        assertThat(StreetTypes.read("dom").get(0).kinds()).isEmpty();
        assertThat(StreetTypes.compound("hauptplatz")).containsExactly("haupt", "square");
        assertThat(StreetTypes.compound("hauptstr")).containsExactly("haupt", "street");
        assertThat(StreetTypes.compound("weg")).isNull();
        assertThat(StreetTypes.compound("platz")).isNull();
    }

    private static List<String> names(String street) {
        return StreetTypes.read(street).stream().filter(w -> !w.isType() && !w.isNumber()).map(StreetTypes.Word::name)
                .toList();
    }

    private static java.util.Set<String> kinds(String street) {
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        StreetTypes.read(street).forEach(w -> kinds.addAll(w.kinds()));
        return kinds;
    }

    @Test
    void a_romanised_str_after_a_house_number_in_a_russian_line_is_a_building_and_a_german_str_stays_a_street() {
        // строение romanised: no Straße beside the avenue, as the Cyrillic стр. is none.
        assertThat(kinds("ul. Lenina, d. 5, str. 1")).containsExactly("street");
        assertThat(kinds("pr-t Lenina, d. 5, str. 1")).containsExactly("avenue");
        assertThat(kinds("Kutuzovsky prospekt 32, str. 1")).containsExactly("avenue");
        assertThat(kinds("Lenina 5 korp. 2 str. 3")).isEmpty();
        assertThat(names("pr-t Lenina, d. 5, str. 1")).containsExactly("t", "lenina");
        // German: a str. after a name, or a line with no Russian word, is Straße.
        assertThat(kinds("Hauptstr. 1")).containsExactly("street");
        assertThat(kinds("Max-Liebermann-Str. 1")).containsExactly("street");
        assertThat(kinds("Am Dom 5, Str. 1")).containsExactly("street");
        assertThat(kinds("Str. des 17. Juni 5")).containsExactly("street");
        // A line with a Russian word: a str. after a name is still no building.
        assertThat(kinds("Lenina str., d. 5")).containsExactly("street");
        assertThat(kinds("str. 1, ul. Lenina 5")).containsExactly("street");
    }

    @Test
    void search_finds_the_romanised_buildings_matching_reads() {
        String line = "ul. Lenina, d. 5, str. 1";
        assertThat(StreetTypes.romanisedBuildings(line)).singleElement().satisfies(b -> {
            assertThat(line.substring(b.start(), b.end())).isEqualTo("str");
            assertThat(b.word()).isEqualTo("строение");
        });
        assertThat(StreetTypes.romanisedBuildings("Kutuzovsky prospekt 32, STR 1")).hasSize(1);
        for (String german : List.of("Hauptstr. 1", "Max-Liebermann-Str. 1", "Am Dom 5, Str. 1",
                "Str. des 17. Juni 5", "Lenina str., d. 5", "str. 1, ul. Lenina 5", "Gartenstr. 5 str 2")) {
            assertThat(StreetTypes.romanisedBuildings(german)).as(german).isEmpty();
        }
        // One reading for both: each str search writes out is one matching reads as no street word.
        for (String l : List.of(line, "pr-t Lenina, d. 5, str. 1", "Lenina 5 korp. 2 str. 3", "Am Dom 5, Str. 1")) {
            long buildings = StreetTypes.read(l).stream()
                    .filter(w -> w.text().equals("str") && w.isType() && w.kinds().isEmpty()).count();
            assertThat(StreetTypes.romanisedBuildings(l)).as(l).hasSize((int) buildings);
        }
    }

    @Test
    void sankt_szent_and_szt_are_saint_as_a_leading_st_is_but_not_in_sankt_peterburg_nor_in_a_longer_word() {
        assertThat(names("Sankt-Georg-Straße 4")).isEqualTo(names("St.-Georg-Str. 4")).containsExactly("saint", "georg");
        assertThat(names("Szent István krt. 5")).isEqualTo(names("Szt. István körút 5"))
                .containsExactly("saint", "istvan");
        assertThat(names("Sankt-Petersburger Straße 3")).isEqualTo(names("St. Petersburger Str. 3"));
        // The city as Russians romanise it, and a surname that starts so.
        assertThat(names("Sankt-Peterburgskoe sh. 12")).containsExactly("sankt", "peterburgskoe");
        assertThat(names("Nevsky pr. 28, Sankt-Peterburg")).containsExactly("nevsky", "sankt", "peterburg");
        assertThat(names("Szentes utca 3")).containsExactly("szentes");
        assertThat(names("Szentesi út 3")).containsExactly("szentesi");
    }
}
