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
    void folded_transliterates_cyrillic_to_latin_in_two_romanisations() throws IOException {
        assertThat(tokens(Analyzers.FOLDED, "Иванов")).containsExactly("ivanov");
        assertThat(tokens(Analyzers.FOLDED, "Сергей Щербаков")).contains("sergej", "sergey", "shcherbakov");
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
