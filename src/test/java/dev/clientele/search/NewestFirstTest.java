package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.index.CustomerSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

class NewestFirstTest {
    private static final Sort NEWEST = new Sort(
            LongField.newSortField(CustomerSchema.CREATED_AT, true, SortedNumericSelector.Type.MIN),
            KeywordField.newSortField(CustomerSchema.ID, false, SortedSetSelector.Type.MIN));

    /** Records the queries it runs, to tell a window from a search of everything. */
    private static final class Recording extends IndexSearcher {
        final List<Query> queries = new ArrayList<>();

        Recording(DirectoryReader reader) {
            super(reader);
        }

        @Override
        public <C extends org.apache.lucene.search.Collector, T> T search(Query query,
                org.apache.lucene.search.CollectorManager<C, T> manager) throws java.io.IOException {
            queries.add(query);
            return super.search(query, manager);
        }
    }

    @Test
    void every_page_newest_first_is_the_page_a_search_of_everything_gives() throws Exception {
        Random random = new Random(11);
        try (Directory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setMaxBufferedDocs(700))) {
            long time = 1_700_000_000_000L;
            for (int i = 0; i < 3_000; i++) {
                Document d = new Document();
                d.add(new KeywordField(CustomerSchema.ID, String.format("c%05d", i), Field.Store.NO));
                d.add(new StringField("country", random.nextInt(10) == 0 ? "AT" : "DE", Field.Store.NO));
                // about in document order, with ties, some out of order (imports with their own dates), some none
                time += random.nextInt(3) == 0 ? 0 : random.nextInt(60_000);
                if (random.nextInt(50) != 0) {
                    long value = random.nextInt(20) == 0 ? time - random.nextInt(1_000_000_000) : time;
                    d.add(new LongField(CustomerSchema.CREATED_AT, value, Field.Store.NO));
                }
                w.addDocument(d);
                if (random.nextInt(100) == 0) {
                    w.deleteDocuments(new Term(CustomerSchema.ID, String.format("c%05d", random.nextInt(i + 1))));
                }
            }
            w.commit();
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                Recording s = new Recording(reader);
                for (Query q : List.of(new MatchAllDocsQuery(), new TermQuery(new Term("country", "AT")))) {
                    for (int n : new int[] {1, 10, 60, 500}) {
                        FieldDoc after = null;
                        int pages = 0;
                        int seen = 0;
                        while (true) {
                            s.queries.clear();
                            TopFieldDocs page = NewestFirst.search(s, after, q, n, NEWEST);
                            if (after == null && n <= 60) {
                                // the first page came from a window of the newest values, not from everything
                                assertThat(s.queries.get(0)).as("first window").isNotEqualTo(q);
                            }
                            TopFieldDocs all = new IndexSearcher(reader).searchAfter(after, q, n, NEWEST, false);
                            assertThat(docs(page)).as("page %d of %d of %s", pages, n, q).isEqualTo(docs(all));
                            seen += page.scoreDocs.length;
                            if (page.scoreDocs.length < n || n == 1 && pages == 30) {
                                break;
                            }
                            after = (FieldDoc) page.scoreDocs[page.scoreDocs.length - 1];
                            pages++;
                        }
                        if (n > 1) {
                            assertThat(seen).as("every match listed once").isEqualTo(s.count(q));
                        }
                    }
                }
            }
        }
    }

    @Test
    void other_sorts_and_ascending_ones_are_searched_as_before() {
        assertThat(NewestFirst.applies(NEWEST)).isTrue();
        assertThat(NewestFirst.applies(new Sort(LongField.newSortField(CustomerSchema.CREATED_AT, false,
                SortedNumericSelector.Type.MIN)))).isFalse();
        assertThat(NewestFirst.applies(new Sort(SortField.FIELD_SCORE))).isFalse();
        assertThat(NewestFirst.applies(new Sort(LongField.newSortField("spend_units", true,
                SortedNumericSelector.Type.MIN)))).isFalse();
    }

    private static List<Integer> docs(TopFieldDocs top) {
        List<Integer> out = new ArrayList<>();
        for (ScoreDoc d : top.scoreDocs) {
            out.add(d.doc);
        }
        return out;
    }
}
