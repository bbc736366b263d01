package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class FoldingFilterTest {

    @Test
    void every_ascii_character_folds_as_icu_folds_it() throws IOException {
        for (char c = 0; c < 0x80; c++) {
            String s = "a" + c + "B";
            assertThat(fold(s, FoldingFilter::new)).as("code %d", (int) c).isEqualTo(fold(s, ICUFoldingFilter::new));
        }
    }

    @Test
    void the_ascii_shortcut_lowercases_and_leaves_the_characters_icu_removes_to_icu() throws IOException {
        assertThat(fold("McDonald-O'Brien_2", FoldingFilter::new)).isEqualTo("mcdonald-o'brien_2");
        assertThat(fold("Ma^ry`", FoldingFilter::new)).isEqualTo("mary");
    }

    @Test
    void random_tokens_in_many_scripts_fold_exactly_as_with_icu() throws IOException {
        String alphabet = "abcXYZ019 -'._^`~@ÁáÉéŐőŰűÜüÖöÄäßẞçÇñÑİıﬁＡａ①²"
                + "ЁёЙйЩщЪъЫыЭэЯя" + "\u0301\u0308\u200d\ufe0f" + "ΣσςΆ" + "中文" + "\ud83d\ude00";
        Random random = new Random(20261126L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                int k = random.nextInt(alphabet.length());
                char ch = alphabet.charAt(k);
                if (Character.isHighSurrogate(ch) && k + 1 < alphabet.length()) {
                    sb.append(ch).append(alphabet.charAt(k + 1));
                } else if (!Character.isSurrogate(ch)) {
                    sb.append(ch);
                }
            }
            String s = sb.toString();
            assertThat(fold(s, FoldingFilter::new)).as("token %s", s).isEqualTo(fold(s, ICUFoldingFilter::new));
        }
    }

    @Test
    void the_folded_analyzer_indexes_and_normalises_with_it() throws IOException {
        assertThat(Analyzers.FOLDED.normalize("name", "MÁRTON").utf8ToString()).isEqualTo("marton");
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = Analyzers.FOLDED.tokenStream("name", "Kovács ANNA Straße")) {
            CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(t.toString());
            }
            ts.end();
        }
        assertThat(terms).containsExactly("kovacs", "anna", "strasse");
    }

    /** The single token a filter makes of the whole string. */
    private static String fold(String s, Function<TokenStream, TokenStream> filter) throws IOException {
        Tokenizer tokenizer = new KeywordTokenizer();
        tokenizer.setReader(new StringReader(s));
        try (TokenStream ts = filter.apply(tokenizer)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            assertThat(ts.incrementToken()).isTrue();
            String out = term.toString();
            assertThat(ts.incrementToken()).isFalse();
            ts.end();
            return out;
        }
    }
}
