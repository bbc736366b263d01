package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RomanisationsTest {
    @Test
    void a_latin_spelling_of_a_russian_name_yields_its_other_spellings() {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("iwanow", "ivanov");
        pairs.put("ivanov", "iwanow");
        pairs.put("schukow", "zhukov");
        pairs.put("zhukov", "schukow");
        pairs.put("schtschukin", "shchukin");
        pairs.put("shchukin", "schtschukin");
        pairs.put("julia", "yulia");
        pairs.put("yulia", "julia");
        pairs.put("jelena", "yelena");
        pairs.put("elena", "yelena");
        pairs.put("natalia", "natalya");
        pairs.put("natalya", "natalja");
        pairs.put("tschaikowski", "chaykovskiy");
        pairs.put("dmitriy", "dmitri");
        pairs.put("dmitri", "dmitriy");
        pairs.put("sergej", "sergey");
        pairs.forEach((typed, other) -> assertThat(Romanisations.otherSpellings(typed)).as(typed).contains(other)
                .doesNotContain(typed).hasSizeLessThanOrEqualTo(Romanisations.MAX_SPELLINGS));
    }

    @Test
    void words_no_russian_name_romanises_to_have_no_other_spellings() {
        for (String w : List.of("smith", "kovacs", "anna", "marton", "hauptstrasse", "de", "muller", "kft",
                "Iwanow", "ivánov")) {
            assertThat(Romanisations.otherSpellings(w)).as(w).isEmpty();
        }
    }
}
