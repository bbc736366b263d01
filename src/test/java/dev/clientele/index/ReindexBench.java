package dev.clientele.index;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * Times a re-index of an existing index and what a {@code forceMergeDeletes} after it would cost (not a test:
 * surefire does not run it): marks the index as an older schema's, opens it (which re-indexes), then prints the
 * deleted documents and the index size left, and the time and size of a forceMergeDeletes on them. Argument: the
 * index directory (a copy: it is re-indexed). Run from the repository root:
 * <pre>
 *   ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.clientele.index.ReindexBench DIR
 * </pre>
 */
public final class ReindexBench {
    private ReindexBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        OldSchema.mark(dir);
        long t0 = System.nanoTime();
        CustomerIndex.open(dir, IndexSettings.DEFAULTS).close();
        long reindex = System.nanoTime() - t0;
        report("after the re-index (" + reindex / 1_000_000 + " ms)", dir);
        try (FSDirectory d = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig(Analyzers.indexAnalyzer())
                     .setOpenMode(IndexWriterConfig.OpenMode.APPEND).setMergePolicy(CustomerIndex.mergePolicy()))) {
            long t1 = System.nanoTime();
            w.forceMergeDeletes(true);
            w.commit();
            System.out.printf("forceMergeDeletes + commit: %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        }
        report("after forceMergeDeletes", dir);
    }

    private static void report(String when, Path dir) throws Exception {
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        try (FSDirectory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
            System.out.printf("%s: %d segments, %d docs, %d deleted (%.1f %%), %.1f MB%n", when, r.leaves().size(),
                    r.numDocs(), r.numDeletedDocs(), 100.0 * r.numDeletedDocs() / Math.max(1, r.maxDoc()),
                    bytes / 1e6);
        }
    }
}
