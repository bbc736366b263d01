package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class CityNamesTest {

    private final CityNames cities = CityNames.load();

    @Test
    void keys_fold_transliterate_and_turn_punctuation_into_single_spaces() {
        assertThat(CityNames.key("  St. Petersburg ")).isEqualTo("st petersburg");
        assertThat(CityNames.key("Sankt-Peterburg")).isEqualTo("sankt peterburg");
        assertThat(CityNames.key("Санкт-Петербург")).isEqualTo("sankt peterburg");
        assertThat(CityNames.key("Székesfehérvár")).isEqualTo("szekesfehervar");
        assertThat(CityNames.key("'s-Gravenhage")).isEqualTo("s gravenhage");
        assertThat(CityNames.key(null)).isEmpty();
        assertThat(CityNames.key(" - ")).isEmpty();
    }

    @Test
    void names_of_one_city_in_several_languages_and_scripts_are_the_same_city() {
        assertThat(cities.canonical("Bécs", "AT")).isEqualTo("vienna (AT)");
        assertThat(cities.sameCity("Wien", "AT", "Vienna", "at")).isTrue();
        assertThat(cities.sameCity("Вена", null, "bécs", "AT")).isTrue();
        assertThat(cities.sameCity("Москва", "RU", "Moscow", "RU")).isTrue();
        assertThat(cities.sameCity("Moskau", "", "Moszkva", null)).isTrue();
        assertThat(cities.sameCity("St. Petersburg", "RU", "Санкт-Петербург", "RU")).isTrue();
        assertThat(cities.sameCity("Pozsony", "SK", "Bratislava", "SK")).isTrue();
        assertThat(cities.sameCity("Kolozsvár", "RO", "Cluj-Napoca", "RO")).isTrue();
        assertThat(cities.sameCity("Київ", "UA", "Kiev", "UA")).isTrue();
        assertThat(cities.sameCity("Wien", "AT", "Graz", "AT")).isFalse();
        assertThat(cities.sameCity("Moscow", "RU", "Kazan", "RU")).isFalse();
    }

    @Test
    void names_count_only_in_their_country_or_without_one() {
        // Moscow, Idaho and Vienna, Virginia are other towns.
        assertThat(cities.sameCity("Moscow", "US", "Москва", "RU")).isFalse();
        assertThat(cities.canonical("Vienna", "US")).isEqualTo("vienna");
        assertThat(cities.sameCity("Vienna", "US", "Wien", null)).isFalse();
        assertThat(cities.otherNames("Vienna", "US")).isEmpty();
        assertThat(cities.otherNames("Brunswick", "US")).isEmpty();
        assertThat(cities.otherNames("Brunswick", "DE")).contains("Braunschweig");
    }

    @Test
    void an_unlisted_city_is_its_own_key_and_has_no_other_names() {
        assertThat(cities.canonical("Kleinkleckersdorf", "DE")).isEqualTo("kleinkleckersdorf");
        assertThat(cities.sameCity("Kleinkleckersdorf", "DE", "kleinkleckersdorf", null)).isTrue();
        assertThat(cities.sameCity("", null, "", null)).isFalse();
        assertThat(cities.otherNames("Kleinkleckersdorf", null)).isEmpty();
    }

    @Test
    void other_names_leave_out_the_given_one_and_spellings_of_it() {
        assertThat(cities.otherNames("Wien", "AT")).contains("Vienna", "Bécs", "Вена").doesNotContain("Wien");
        // Zurich folds to the key of Zürich, so it is the same spelling; Zuerich is another and stays.
        assertThat(cities.otherNames("Zürich", "CH")).contains("Zuerich", "Цюрих").doesNotContain("Zürich", "Zurich");
    }

    @Test
    void a_line_without_its_country_is_refused() {
        assertThatThrownBy(() -> CityNames.parse(new StringReader("Vienna, Wien\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    @Test
    void a_name_listed_for_two_cities_is_refused_with_its_line() {
        assertThatThrownBy(() -> CityNames.parse(new StringReader("# c\nAT\tVienna, Wien\n\nAT\tGraz, Grác, wien\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 4").hasMessageContaining("wien").hasMessageContaining("vienna (AT)");
    }

    @Test
    void every_name_of_the_bundled_list_leads_to_its_own_line() throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                CityNames.class.getResourceAsStream(CityNames.DEFAULT_RESOURCE)), StandardCharsets.UTF_8))) {
            int lines = 0;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                assertThat(parts).as(line).hasSize(2);
                String[] names = parts[1].split(",");
                String canonical = CityNames.key(names[0]) + " (" + parts[0] + ")";
                for (String name : names) {
                    assertThat(cities.canonical(name, parts[0])).as(name).isEqualTo(canonical);
                    assertThat(cities.canonical(name, null)).as(name).isEqualTo(canonical);
                }
                lines++;
            }
            assertThat(lines).isGreaterThan(100);
        }
    }
}
