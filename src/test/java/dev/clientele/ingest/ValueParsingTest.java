package dev.clientele.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Dates, countries and full names: the small parsers behind every importer. */
class ValueParsingTest {
    private static final LocalDate MAY_31 = LocalDate.of(2024, 5, 31);

    @Test
    void parses_iso_german_russian_hungarian_compact_and_unambiguous_slash_dates() {
        for (String s : new String[] {"2024-05-31", "31.05.2024", "31.5.2024", "2024.05.31.", "2024. 05. 31.",
            "20240531", "05/31/2024", "31/05/2024", "2024/05/31", "2024-05-31T00:00:00Z"}) {
            assertThat(DateText.parse(s)).as(s).isEqualTo(MAY_31);
        }
        assertThat(DateText.parse("05/05/2024")).isEqualTo(LocalDate.of(2024, 5, 5));
        assertThat(DateText.parse(" ")).isNull();
        assertThat(DateText.parse("0/0/00")).isNull();
    }

    @Test
    void reads_two_digit_years_as_spreadsheets_do() {
        // LibreOffice in German writes a date cell as 31.05.80 unless told otherwise; this was "not a date".
        assertThat(DateText.parse("31.05.80")).isEqualTo(LocalDate.of(1980, 5, 31));
        assertThat(DateText.parse("31.05.24")).isEqualTo(MAY_31);
        assertThat(DateText.parse("5/31/29")).isEqualTo(LocalDate.of(2029, 5, 31));
        assertThat(DateText.parse("31/5/30")).isEqualTo(LocalDate.of(1930, 5, 31));
        assertThatThrownBy(() -> DateText.parse("4/5/80")).hasMessageContaining("ambiguous");
    }

    @Test
    void rejects_ambiguous_and_impossible_dates() {
        assertThatThrownBy(() -> DateText.parse("04/05/2024")).hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> DateText.parse("30.02.2024")).hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> DateText.parse("next tuesday")).hasMessageContaining("not a date");
    }

    @Test
    void maps_country_names_and_codes_to_iso_alpha_2() {
        assertThat(Countries.toIso("Germany")).isEqualTo("DE");
        assertThat(Countries.toIso("Deutschland")).isEqualTo("DE");
        assertThat(Countries.toIso("Németország")).isEqualTo("DE");
        assertThat(Countries.toIso("Германия")).isEqualTo("DE");
        assertThat(Countries.toIso("Magyarország")).isEqualTo("HU");
        assertThat(Countries.toIso("hungary")).isEqualTo("HU");
        assertThat(Countries.toIso("Россия")).isEqualTo("RU");
        assertThat(Countries.toIso("Österreich")).isEqualTo("AT");
        assertThat(Countries.toIso("Osterreich")).isEqualTo("AT");
        assertThat(Countries.toIso("United Kingdom")).isEqualTo("GB");
        assertThat(Countries.toIso("U.K.")).isEqualTo("GB");
        assertThat(Countries.toIso("USA")).isEqualTo("US");
        assertThat(Countries.toIso("hu")).isEqualTo("HU");
        assertThat(Countries.toIso("DEU")).isEqualTo("DE");
        assertThat(Countries.toIso("Atlantis")).isEqualTo("Atlantis");
        assertThat(Countries.toIso("")).isNull();
    }

    @Test
    void splits_full_names_given_first_family_first_and_with_a_comma() {
        assertThat(FullName.split("Mary Ann Jones", NameOrder.GIVEN_FIRST)).isEqualTo(new FullName("Mary Ann",
                "Jones"));
        assertThat(FullName.split("Kovács Márton", NameOrder.FAMILY_FIRST)).isEqualTo(new FullName("Márton",
                "Kovács"));
        assertThat(FullName.split("Иванов Иван Петрович", NameOrder.FAMILY_FIRST))
                .isEqualTo(new FullName("Иван Петрович", "Иванов"));
        assertThat(FullName.split("Smith, John", NameOrder.GIVEN_FIRST)).isEqualTo(new FullName("John", "Smith"));
        assertThat(FullName.split("Madonna", NameOrder.GIVEN_FIRST)).isEqualTo(new FullName(null, "Madonna"));
    }
}
