package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class AnalyzersTest {
    static List<String> tokens(Analyzer a, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("f", text)) {
            CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(t.toString());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void folded_strips_accents_expands_umlauts_and_maps_eszett() throws IOException {
        assertThat(tokens(Analyzers.FOLDED, "Márton Müller Straße")).containsExactly("marton", "muller", "mueller",
                "strasse");
    }

    @Test
    void the_street_analyzer_writes_abbreviations_out_in_place_of_the_abbreviation() throws IOException {
        assertThat(tokens(Analyzers.STREET, "Teréz krt. 7")).containsExactly("terez", "korut", "koerut", "7");
        assertThat(tokens(Analyzers.STREET, "пр-т Мира, д. 3")).containsExactly("prospekt", "mira", "dom", "3");
        // St leading the street before a name is Saint only (before, Street too); elsewhere both.
        assertThat(tokens(Analyzers.STREET, "4 St Mary's Rd")).containsExactly("4", "saint", "mary's", "mary", "s",
                "marys", "road");
        assertThat(tokens(Analyzers.STREET, "St.-Anna-Platz 2")).containsExactly("saint", "anna", "platz", "2");
        assertThat(tokens(Analyzers.STREET, "12 Baker St")).containsExactly("12", "baker", "street", "saint");
        assertThat(tokens(Analyzers.STREET, "St 5")).containsExactly("street", "saint", "5");
        // Sankt, Szent and Szt. are Saint and themselves (Szen, typed on, still starts Szent); not in Sankt-Peterburg.
        assertThat(tokens(Analyzers.STREET, "Sankt-Georg-Straße 4")).containsExactly("saint", "sankt", "georg",
                "strasse", "4");
        assertThat(tokens(Analyzers.STREET, "Szt. István krt. 5")).containsExactly("saint", "szt", "istvan", "korut",
                "koerut", "5");
        assertThat(tokens(Analyzers.STREET, "Sankt-Peterburgskoe sh. 9")).startsWith("sankt", "peterburgskoe");
        assertThat(tokens(Analyzers.STREET, "Szentes utca 3")).startsWith("szentes", "utca");
        assertThat(tokens(Analyzers.STREET, "Hauptstr. 5")).containsExactly("hauptstrasse", "5");
        // A German pl. glued to the name is Platz (before, Marienpl stayed itself); a glued g. is not read.
        assertThat(tokens(Analyzers.STREET, "Marienpl. 5")).containsExactly("marienplatz", "5");
        assertThat(tokens(Analyzers.STREET, "Lindeng. 4")).containsExactly("lindeng", "4");
        // Only the street field: St stays st in a name.
        assertThat(tokens(Analyzers.FOLDED, "St Clair")).containsExactly("st", "clair");
    }

    @Test
    void the_street_analyzer_reads_an_abbreviation_in_its_own_script() throws IOException {
        // Before, abbreviations were looked up after transliteration: пл. was Platz, стр. Straße and у (at) utca.
        assertThat(tokens(Analyzers.STREET, "пл. Ленина")).isEqualTo(tokens(Analyzers.STREET, "площадь Ленина"));
        assertThat(tokens(Analyzers.STREET, "пл. Ленина")).doesNotContain("platz");
        // Latin pl. stands for all it may: Platz, площадь romanised, Place (the other words tell them apart).
        assertThat(tokens(Analyzers.STREET, "Karl-Marx-Pl. 1")).containsExactly("karl", "marx", "platz", "ploshchad",
                "plosad", "ploschtschad", "place", "1");
        assertThat(tokens(Analyzers.STREET, "стр. 1")).isEqualTo(tokens(Analyzers.STREET, "строение 1"));
        // A romanised str. after a house number in a romanised Russian line is строение too (before, Straße).
        assertThat(tokens(Analyzers.STREET, "ul. Lenina, d. 5, str. 1"))
                .isEqualTo(tokens(Analyzers.STREET, "ul. Lenina, d. 5, стр. 1")).doesNotContain("strasse");
        assertThat(tokens(Analyzers.STREET, "Am Dom 5, Str. 1")).contains("strasse");
        assertThat(tokens(Analyzers.STREET, "у")).containsExactly("u");
        assertThat(tokens(Analyzers.STREET, "u. 1")).containsExactly("utca", "1");
        for (String[] same : new String[][] {{"ш.", "шоссе"}, {"наб.", "набережная"}, {"туп.", "тупик"},
                {"мкр.", "микрорайон"}, {"кв.", "квартира"}, {"корп.", "корпус"}, {"б-р", "бульвар"},
                {"пр-д", "проезд"}, {"мкр-н", "микрорайон"}, {"Пр-Т", "проспект"}, {"Blvd", "Boulevard"}}) {
            assertThat(tokens(Analyzers.STREET, same[0] + " Северный 5"))
                    .as(same[0]).isEqualTo(tokens(Analyzers.STREET, same[1] + " Северный 5"));
        }
    }

    @Test
    void a_one_letter_k_is_a_building_only_before_a_number() throws IOException {
        assertThat(tokens(Analyzers.STREET, "д. 5, к. 2")).containsExactly("dom", "5", "korpus", "2");
        assertThat(tokens(Analyzers.STREET, "д. 5 к2")).containsExactly("dom", "5", "k2");
        assertThat(tokens(Analyzers.STREET, "проезд к Заводу")).doesNotContain("korpus").contains("k");
        assertThat(tokens(Analyzers.STREET, "дом 5 к")).containsExactly("dom", "5", "k");
    }

    @Test
    void a_hyphenated_abbreviation_keeps_its_offsets_for_the_highlight() throws IOException {
        String street = "Ленинский пр-т, д. 45";
        List<String> spans = new ArrayList<>();
        try (TokenStream ts = Analyzers.STREET.tokenStream("f", street)) {
            var offsets = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                spans.add(street.substring(offsets.startOffset(), offsets.endOffset()));
            }
            ts.end();
        }
        assertThat(spans).containsExactly("Ленинский", "Ленинский", "Ленинский", "пр-т", "д", "45");
        String romanised = "ul. Lenina, d. 5, str. 1";
        List<String> marked = new ArrayList<>();
        try (TokenStream ts = Analyzers.STREET.tokenStream("f", romanised)) {
            var offsets = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                marked.add(romanised.substring(offsets.startOffset(), offsets.endOffset()));
            }
            ts.end();
        }
        assertThat(marked).contains("str").last().isEqualTo("1");
    }

    @Test
    void folded_transliterates_cyrillic_to_latin_in_two_romanisations() throws IOException {
        assertThat(tokens(Analyzers.FOLDED, "Иванов")).containsExactly("ivanov", "iwanow");
        assertThat(tokens(Analyzers.FOLDED, "Сергей Щербаков")).contains("sergej", "sergey", "shcherbakov");
    }

    @Test
    void cyrillic_names_also_get_their_german_romanisation() throws IOException {
        // German customers and registers write Russian names the Duden way, several letters away from BGN.
        java.util.Map<String, String> german = new java.util.LinkedHashMap<>();
        german.put("Иванов", "iwanow");
        german.put("Жуков", "schukow");
        german.put("Щукин", "schtschukin");
        german.put("Хрущёв", "chruschtschow");
        german.put("Горбачёв", "gorbatschow");
        german.put("Чайковский", "tschaikowski");
        german.put("Достоевский", "dostojewski");
        german.put("Ельцин", "jelzin");
        german.put("Евгений", "jewgeni");
        german.put("Дмитрий", "dmitri");
        german.put("Юрий", "juri");
        german.put("Наталья", "natalja");
        german.put("Алексей", "alexej");
        german.put("Николай", "nikolai");
        german.put("Васильев", "wassiljew");
        german.put("Зайцев", "saizew");
        german.put("Ильин", "iljin");
        german.put("Пётр", "pjotr");
        german.forEach((cyr, de) -> {
            assertThat(NameVariantsFilter.germanSpelling(cyr)).as(cyr).isEqualTo(de);
        });
        assertThat(tokens(Analyzers.FOLDED, "Сергей Жуков")).contains("sergey", "sergej", "zhukov", "schukow");
        assertThat(tokens(Analyzers.FOLDED, "Schukow")).containsExactly("schukow");
    }

    @Test
    void transliteration_drops_the_apostrophes_of_soft_and_hard_signs() throws IOException {
        assertThat(tokens(Analyzers.FOLDED, "Ольга Наталья Подъячев")).contains("olga", "natalya", "podyachev")
                .allMatch(t -> t.indexOf('\'') < 0 && t.indexOf('"') < 0);
    }

    @Test
    void names_joined_by_apostrophes_or_dots_are_indexed_joined_and_in_parts_but_queried_whole() throws IOException {
        assertThat(tokens(Analyzers.FOLDED, "O'Brien")).containsExactlyInAnyOrder("o'brien", "obrien", "o", "brien");
        assertThat(tokens(Analyzers.FOLDED, "O\u2019Neil")).contains("oneil", "neil");
        assertThat(tokens(Analyzers.FOLDED, "B.V.")).contains("b.v", "bv");
        assertThat(tokens(Analyzers.FOLDED, "D'Müller")).contains("dmuller", "dmueller", "mueller");
        assertThat(tokens(Analyzers.FOLDED, "1.5")).containsExactly("1.5");
        // A query "O'Brien" is not also "o", which every O'Neil has.
        assertThat(tokens(Analyzers.FOLDED_QUERY, "O'Brien")).containsExactlyInAnyOrder("o'brien", "obrien");
        assertThat(tokens(Analyzers.PHONETIC_QUERY, "O'Brien")).doesNotContain("A");
    }

    @Test
    void exact_only_lowercases() throws IOException {
        assertThat(tokens(Analyzers.EXACT, "Márton Иванов")).containsExactly("márton", "иванов");
    }

    @Test
    void phonetic_makes_schmidt_and_schmitt_alike() throws IOException {
        assertThat(tokens(Analyzers.PHONETIC, "Schmidt")).containsAnyElementsOf(tokens(Analyzers.PHONETIC,
                "Schmitt"));
    }

    @Test
    void prefix_indexes_edge_ngrams_of_the_folded_tokens() throws IOException {
        assertThat(tokens(Analyzers.PREFIX, "Kovács")).containsExactly("k", "ko", "kov", "kova", "kovac", "kovacs");
    }
}
