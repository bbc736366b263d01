package dev.clientele.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarityTest {

    @Test
    void one_edit_agrees_with_levenshtein() {
        String[] words = {"", "a", "ab", "ba", "abc", "abd", "abcd", "acbd", "xbcd", "abcx", "bcd", "abd", "kitten",
            "sitten", "sittin", "sitting", "anna.kovacs@example.hu", "anna.kovac@example.hu", "ana.kovacs@example.hu",
            "anna.kovacs@example.hux", "nna.kovacs@example.hu", "+36301234567", "+36301234568", "+3630123456"};
        for (String a : words) {
            for (String b : words) {
                assertThat(Similarity.oneEdit(a, b)).as(a + " / " + b).isEqualTo(Similarity.levenshtein(a, b) == 1);
            }
        }
    }

    @Test
    void levenshtein_counts_edits() {
        assertThat(Similarity.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(Similarity.levenshtein("flaw", "lawn")).isEqualTo(2);
        assertThat(Similarity.levenshtein("", "abc")).isEqualTo(3);
        assertThat(Similarity.levenshtein("same", "same")).isZero();
        assertThat(Similarity.levenshtein(null, "ab")).isEqualTo(2);
    }

    @Test
    void levenshtein_similarity_is_normalised_by_the_longer_string() {
        assertThat(Similarity.levenshteinSimilarity("kitten", "sitting")).isCloseTo(1 - 3.0 / 7, within(1e-9));
        assertThat(Similarity.levenshteinSimilarity("abc", "abc")).isEqualTo(1.0);
        assertThat(Similarity.levenshteinSimilarity("", "")).isEqualTo(1.0);
        assertThat(Similarity.levenshteinSimilarity("abc", "xyz")).isEqualTo(0.0);
    }

    @Test
    void jaro_and_jaro_winkler_match_published_values() {
        assertThat(Similarity.jaro("MARTHA", "MARHTA")).isCloseTo(0.944, within(0.001));
        assertThat(Similarity.jaroWinkler("MARTHA", "MARHTA")).isCloseTo(0.961, within(0.001));
        assertThat(Similarity.jaroWinkler("DIXON", "DICKSONX")).isCloseTo(0.813, within(0.001));
        assertThat(Similarity.jaroWinkler("DWAYNE", "DUANE")).isCloseTo(0.840, within(0.001));
        assertThat(Similarity.jaroWinkler("abc", "xyz")).isEqualTo(0.0);
        assertThat(Similarity.jaroWinkler("same", "same")).isEqualTo(1.0);
    }

    @Test
    void jaro_winkler_is_symmetric() {
        assertThat(Similarity.jaroWinkler("DICKSONX", "DIXON")).isEqualTo(Similarity.jaroWinkler("DIXON", "DICKSONX"));
    }

    @Test
    void jaccard_compares_token_sets() {
        assertThat(Similarity.jaccard(List.of("a", "b", "c"), List.of("b", "c", "d"))).isEqualTo(0.5);
        assertThat(Similarity.jaccard(List.of(), List.of())).isEqualTo(1.0);
    }

    @Test
    void monge_elkan_tolerates_token_order_and_typos() {
        assertThat(Similarity.mongeElkan(List.of("12", "main", "street"), List.of("main", "street", "12")))
                .isEqualTo(1.0);
        double typo = Similarity.mongeElkan(List.of("tullaroop", "street"), List.of("tullarop", "street"));
        assertThat(typo).isGreaterThan(0.95).isLessThan(1.0);
        assertThat(Similarity.mongeElkan(List.of("giblin"), List.of("tullaroop"))).isLessThan(0.7);
        assertThat(Similarity.mongeElkan(List.of(), List.of("x"))).isEqualTo(0.0);
    }

    @Test
    void tokens_split_on_anything_but_letters_and_digits() {
        assertThat(Similarity.tokens("12, main st.")).containsExactly("12", "main", "st");
        assertThat(Similarity.tokens(null)).isEmpty();
    }
}
