package dev.clientele.index;

import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Previous versions of customers, in a Lucene index of their own beside the customer index: one document per
 * replaced or deleted version, so the customer documents stay small and searches never see old versions.
 * {@link CustomerIndex} owns it, writes to it in the same write call and commits it just before its own commit,
 * so a version is durable in history before its successor is acknowledged. Thread-safe.
 */
final class HistoryIndex implements AutoCloseable {
    /** Customer id; StringField for exact lookup and delete (erasure). */
    static final String CUSTOMER_ID = "customer_id";
    /** Version number; LongField for sorting newest first and for exact lookup. */
    static final String VERSION = "version";
    /** The old customer as canonical JSON. */
    static final String SOURCE = "_source";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager manager;
    private final SnapshotDeletionPolicy snapshots;

    HistoryIndex(Path path) throws IOException {
        Files.createDirectories(path);
        this.directory = new SyncOnceDirectory(FSDirectory.open(path));
        CustomerIndex.refuseSegmentsWithoutCommit(directory, path);
        IndexWriterConfig iwc = new IndexWriterConfig(new KeywordAnalyzer());
        iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        iwc.setCommitOnClose(true);
        iwc.setMergePolicy(CustomerIndex.erasing(new org.apache.lucene.index.TieredMergePolicy()));
        // Backups pin the commit they copy, as for the customer index.
        this.snapshots = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy());
        iwc.setIndexDeletionPolicy(snapshots);
        this.writer = new IndexWriter(directory, iwc);
        this.writer.commit(); // a new history has no commit yet, and a backup needs one to copy
        this.manager = new SearcherManager(writer, new SearcherFactory());
    }

    /** Pins the latest commit for a backup; {@link #release} it after {@link #copy}. */
    IndexCommit snapshot() throws IOException {
        return snapshots.snapshot();
    }

    /** Copies a pinned commit into {@code target} (must be empty) and verifies it. */
    BackupInfo copy(IndexCommit commit, Path target) throws IOException {
        return IndexBackups.copy(commit, directory, target);
    }

    void release(IndexCommit commit) throws IOException {
        snapshots.release(commit);
        writer.deleteUnusedFiles();
    }

    /** Records an old version; not durable until {@link #commit}. */
    void add(Customer old) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(CUSTOMER_ID, old.id(), Field.Store.NO));
        doc.add(new LongField(VERSION, old.version() == null ? 0 : old.version(), Field.Store.NO));
        doc.add(new StoredField(SOURCE, new BytesRef(Json.toBytes(old))));
        writer.addDocument(doc);
    }

    /** Removes every version of a customer (erasure); not durable until {@link #commit}. */
    void deleteAll(String customerId) throws IOException {
        writer.deleteDocuments(new Term(CUSTOMER_ID, customerId));
    }

    void commit() throws IOException {
        writer.commit();
        manager.maybeRefresh();
    }

    /**
     * Rewrites segments that hold deleted documents, so erased data leaves the files: until no version of these
     * customers is in a segment (see {@link Expunge}).
     */
    void expungeDeletes(java.util.Collection<String> customerIds, java.util.function.BooleanSupplier stop)
            throws IOException {
        Expunge.untilGone(writer, manager, CUSTOMER_ID, customerIds, stop);
    }

    /**
     * One old version of a customer, or null. Looked for without a refresh first: an undo asks for thousands of
     * versions written long before, and a blocking refresh per look-up (as {@link #versions} makes, to see a
     * version written a moment ago) flushed a segment each time while the undo itself wrote history.
     */
    Customer version(String customerId, long version) throws IOException {
        Customer found = find(customerId, version);
        if (found == null) {
            manager.maybeRefreshBlocking();
            found = find(customerId, version);
        }
        return found;
    }

    private Customer find(String customerId, long version) throws IOException {
        IndexSearcher s = manager.acquire();
        try {
            TopDocs top = s.search(new org.apache.lucene.search.BooleanQuery.Builder()
                    .add(new TermQuery(new Term(CUSTOMER_ID, customerId)),
                            org.apache.lucene.search.BooleanClause.Occur.FILTER)
                    .add(LongField.newExactQuery(VERSION, version), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                    .build(), 1);
            return top.scoreDocs.length == 0 ? null
                    : CustomerSchema.fromSource(s.storedFields().document(top.scoreDocs[0].doc).getBinaryValue(SOURCE));
        } finally {
            manager.release(s);
        }
    }

    /** Old versions of a customer, newest first. */
    List<Customer> versions(String customerId, int limit) throws IOException {
        manager.maybeRefreshBlocking();
        IndexSearcher s = manager.acquire();
        try {
            TopDocs top = s.search(new TermQuery(new Term(CUSTOMER_ID, customerId)), Math.max(1, limit),
                    new Sort(LongField.newSortField(VERSION, true,
                            org.apache.lucene.search.SortedNumericSelector.Type.MAX)));
            List<Customer> out = new ArrayList<>();
            StoredFields stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(CustomerSchema.fromSource(stored.document(sd.doc).getBinaryValue(SOURCE)));
            }
            return out;
        } finally {
            manager.release(s);
        }
    }

    /** What stopped the history's writer (see {@link CustomerIndex#stoppedWriting()}), or null while it works. */
    Throwable failure() {
        Throwable tragedy = writer.getTragicException();
        if (tragedy == null && !writer.isOpen()) {
            return new IllegalStateException("the history writer is closed");
        }
        return tragedy;
    }

    @Override
    public void close() throws IOException {
        manager.close();
        if (writer.isOpen()) {
            writer.close();
        }
        directory.close();
    }
}
