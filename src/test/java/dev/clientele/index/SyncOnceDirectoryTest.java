package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncOnceDirectoryTest {
    @TempDir
    Path dir;

    /** Records every name it is asked to fsync, and fails the next sync when told to. */
    static final class RecordingDirectory extends FilterDirectory {
        final List<List<String>> syncs = new ArrayList<>();
        boolean failNext;

        RecordingDirectory(Directory in) {
            super(in);
        }

        @Override
        public void sync(Collection<String> names) throws IOException {
            if (failNext) {
                failNext = false;
                throw new IOException("fsync failed: Input/output error");
            }
            syncs.add(List.copyOf(names));
            super.sync(names);
        }

        List<String> all() {
            return syncs.stream().flatMap(List::stream).toList();
        }
    }

    private static Document doc(String id) {
        Document d = new Document();
        d.add(new StringField("id", id, Field.Store.YES));
        return d;
    }

    private static IndexWriter writer(Directory d) throws IOException {
        return new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()).setMergePolicy(NoMergePolicy.INSTANCE));
    }

    @Test
    void a_commit_syncs_only_files_that_were_not_synced_before() throws IOException {
        try (RecordingDirectory disk = new RecordingDirectory(FSDirectory.open(dir));
             Directory d = new SyncOnceDirectory(disk);
             IndexWriter w = writer(d)) {
            w.addDocument(doc("a"));
            w.addDocument(doc("b"));
            w.commit();
            Set<String> first = new HashSet<>(SegmentInfos.readLatestCommit(d).files(false));
            int before = disk.all().size();

            w.updateDocument(new Term("id", "a"), doc("a2")); // a new segment and new deletions of the first one
            w.commit();

            List<String> second = disk.all().subList(before, disk.all().size());
            assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first);
            assertThat(SegmentInfos.readLatestCommit(d).files(false)).containsAll(first); // still part of the commit
            assertThat(disk.all()).doesNotHaveDuplicates();
        }
    }

    @Test
    void every_commit_is_complete_on_the_disk_after_a_reopen() throws IOException {
        try (Directory d = new SyncOnceDirectory(FSDirectory.open(dir)); IndexWriter w = writer(d)) {
            for (int i = 0; i < 5; i++) {
                w.addDocument(doc("c" + i));
                w.commit();
            }
        }
        try (Directory plain = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(plain)) {
            assertThat(r.numDocs()).isEqualTo(5);
            assertThat(r.leaves()).hasSize(5);
        }
    }

    @Test
    void after_a_failed_sync_the_same_files_are_synced_again() throws IOException {
        try (RecordingDirectory disk = new RecordingDirectory(FSDirectory.open(dir));
             Directory d = new SyncOnceDirectory(disk);
             IndexWriter w = writer(d)) {
            w.addDocument(doc("a"));
            disk.failNext = true;
            assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
            assertThat(disk.all()).isEmpty();

            w.commit();

            assertThat(disk.all()).containsAll(SegmentInfos.readLatestCommit(d).files(false));
        }
    }

    @Test
    void a_name_deleted_or_written_again_is_synced_again() throws IOException {
        try (RecordingDirectory disk = new RecordingDirectory(FSDirectory.open(dir));
             SyncOnceDirectory d = new SyncOnceDirectory(disk)) {
            write(d, "x");
            d.sync(List.of("x"));
            d.sync(List.of("x"));
            assertThat(disk.all()).containsExactly("x");

            d.deleteFile("x");
            write(d, "x");
            d.sync(List.of("x"));
            assertThat(disk.all()).containsExactly("x", "x");
            assertThat(d.remembered()).isEqualTo(1);

            d.deleteFile("x");
            assertThat(d.remembered()).isZero(); // forgotten once gone, so the set does not grow with the index's age
        }
    }

    @Test
    void a_synced_file_renamed_stays_synced_and_the_name_it_replaced_is_forgotten() throws IOException {
        try (RecordingDirectory disk = new RecordingDirectory(FSDirectory.open(dir));
             SyncOnceDirectory d = new SyncOnceDirectory(disk)) {
            write(d, "pending");
            d.sync(List.of("pending"));
            d.rename("pending", "final");
            d.sync(List.of("final"));
            assertThat(disk.all()).containsExactly("pending");

            write(d, "other"); // never synced: renaming it over a synced name must not count as synced
            d.deleteFile("final");
            d.rename("other", "final");
            d.sync(List.of("final"));
            assertThat(disk.all()).containsExactly("pending", "final");
        }
    }

    private static void write(Directory d, String name) throws IOException {
        try (var out = d.createOutput(name, IOContext.DEFAULT)) {
            out.writeString(name);
        }
    }
}
