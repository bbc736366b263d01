package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonNamesTest {
    @Test
    void a_generation_is_no_part_of_the_name_and_says_junior_or_senior() {
        assertThat(PersonNames.withoutTitles("Miller Jr.")).isEqualTo("Miller");
        assertThat(PersonNames.withoutTitles("Miller, Sr.")).isEqualTo("Miller");
        assertThat(PersonNames.withoutTitles("ifj. Kovács")).isEqualTo("Kovács");
        assertThat(PersonNames.withoutTitles("id. Kovács János")).isEqualTo("Kovács János");
        assertThat(PersonNames.generation("Miller Jr.")).isEqualTo(PersonNames.JUNIOR);
        assertThat(PersonNames.generation("Miller Junior")).isEqualTo(PersonNames.JUNIOR);
        assertThat(PersonNames.generation("ifj. Kovács")).isEqualTo(PersonNames.JUNIOR);
        assertThat(PersonNames.generation("Miller Sr")).isEqualTo(PersonNames.SENIOR);
        assertThat(PersonNames.generation("id. Kovács")).isEqualTo(PersonNames.SENIOR);
        // Names that only look so: a given name Ida, a family name Junior alone, an Id without its dot.
        assertThat(PersonNames.generation("Ida")).isNull();
        assertThat(PersonNames.generation("Junior")).isNull();
        assertThat(PersonNames.generation("Id Kovács")).isNull();
        assertThat(PersonNames.withoutTitles("Junior")).isEqualTo("Junior");
        assertThat(PersonNames.generation(null)).isNull();
    }
}
