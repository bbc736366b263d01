package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CachedFuzzyQuery} and {@link ScannedFuzzyQuery} find exactly what Lucene's {@link FuzzyQuery} finds, with the same scores, including
 * when the best-terms queue fills and the walk narrows to fewer edits part-way through a segment.
 */
class FuzzyQueriesTest {
    // A small alphabet makes many words a few edits apart, so queues fill up and the walk narrows.
    private static final String LETTERS = "aeiklmnorstvжкоав";
    private static Directory dir;
    private static DirectoryReader reader;
    private static final List<String> WORDS = new ArrayList<>();

    @BeforeAll
    static void index() throws Exception {
        Random random = new Random(7);
        dir = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(new KeywordAnalyzer()).setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter w = new IndexWriter(dir, config)) {
            for (int i = 0; i < 12_000; i++) {
                String word = word(random, 3 + random.nextInt(7));
                WORDS.add(word);
                Document d = new Document();
                d.add(new StringField("name", word, Field.Store.NO));
                w.addDocument(d);
                if (i % 2_500 == 2_499) {
                    w.commit(); // several segments, so automata are shared across them
                }
            }
        }
        reader = DirectoryReader.open(dir);
        assertThat(reader.leaves()).hasSizeGreaterThan(3);
    }

    @AfterAll
    static void close() throws Exception {
        reader.close();
        dir.close();
    }

    private static String word(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }

    /** A stored word with up to two random edits, or a fresh random word. */
    private static String typed(Random random) {
        if (random.nextInt(5) == 0) {
            return word(random, 2 + random.nextInt(8));
        }
        StringBuilder sb = new StringBuilder(WORDS.get(random.nextInt(WORDS.size())));
        for (int e = random.nextInt(3); e > 0 && sb.length() > 1; e--) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.setCharAt(at, LETTERS.charAt(random.nextInt(LETTERS.length())));
                default -> sb.insert(at, LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
        }
        return sb.toString();
    }

    @Test
    void same_hits_and_scores_as_lucenes_fuzzy_query() throws Exception {
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
        Random random = new Random(11);
        int compared = 0;
        int withHits = 0;
        for (int i = 0; i < 600; i++) {
            String text = typed(random);
            int edits = 1 + random.nextInt(2);
            int prefix = random.nextInt(2);
            int expansions = new int[] {1, 3, 10, 50}[random.nextInt(4)];
            boolean tiered = random.nextBoolean();
            Term term = new Term("name", text);
            Query lucene = new FuzzyQuery(term, edits, prefix, expansions, true, rewrite(tiered, expansions, text));
            Query cached = new CachedFuzzyQuery(term, edits, prefix, expansions, rewrite(tiered, expansions, text));
            Query scanned = new ScannedFuzzyQuery(term, edits, prefix, expansions, rewrite(tiered, expansions, text));
            TopDocs expected = searcher.search(lucene, 200);
            assertThat(describe(searcher.search(cached, 200)))
                    .as("cached %s~%d prefix %d, %d terms", text, edits, prefix, expansions)
                    .isEqualTo(describe(expected));
            assertThat(describe(searcher.search(scanned, 200)))
                    .as("scanned %s~%d prefix %d, %d terms", text, edits, prefix, expansions)
                    .isEqualTo(describe(expected));
            compared++;
            withHits += expected.scoreDocs.length > 0 ? 1 : 0;
        }
        assertThat(compared).isEqualTo(600);
        assertThat(withHits).as("most queries must find something, or the comparison proves little")
                .isGreaterThan(400);
        assertThat(CachedFuzzyQuery.cachedAutomata()).isPositive();
        // One list per segment, read once and reused by every later query.
        for (var leaf : reader.leaves()) {
            assertThat(ScannedFuzzyQuery.holdsList(leaf.reader().terms("name"))).isTrue();
        }
    }

    @Test
    void the_cache_serves_repeated_words_with_the_same_automaton() {
        assertThat(CachedFuzzyQuery.automaton("kovacs", 2, 1, true))
                .isSameAs(CachedFuzzyQuery.automaton("kovacs", 2, 1, true));
        assertThat(CachedFuzzyQuery.automaton("kovacs", 1, 1, true))
                .isNotSameAs(CachedFuzzyQuery.automaton("kovacs", 2, 1, true));
    }

    private static MultiTermQuery.RewriteMethod rewrite(boolean tiered, int expansions, String text) {
        return tiered ? new TieredFuzzyRewrite(expansions, text, 200, 200, 100)
                : new MultiTermQuery.TopTermsBlendedFreqScoringRewrite(expansions);
    }

    private static String describe(TopDocs top) {
        StringBuilder sb = new StringBuilder(top.totalHits.toString()).append(':');
        ScoreDoc[] docs = top.scoreDocs.clone();
        Arrays.sort(docs, (a, b) -> Integer.compare(a.doc, b.doc));
        for (ScoreDoc d : docs) {
            sb.append(' ').append(d.doc).append('=').append(d.score);
        }
        return sb.toString();
    }
}
