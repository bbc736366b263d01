package dev.clientele.index;

import dev.clientele.customer.Customer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the single IndexWriter and the SearcherManager of the customer index, the system of record.
 *
 * <h2>Design notes</h2>
 * <p><b>Durability.</b> Writes ({@link #put}, {@link #delete}) go to the IndexWriter and return its sequence
 * number at once; they are not durable yet. {@link #awaitDurable(long)} blocks until a Lucene commit covering
 * that sequence number has finished. One background committer thread runs the commits, and each commit covers
 * every write that reached the writer before it started, so concurrent clients share one fsync (group commit).
 * A write must be acknowledged only after {@code awaitDurable} returns. A crash loses at most unacknowledged
 * writes: Lucene commits are atomic, and the writer lock is released by the OS when the process dies.
 *
 * <p><b>Refresh.</b> After every commit the committer thread refreshes the SearcherManager, off the request
 * threads, so readers never wait for writers. Reads by id and external id are real-time regardless, through
 * {@link LiveCustomers}.
 *
 * <p><b>Concurrency.</b> Thread-safe. This class does not serialise writes to the same customer: callers that
 * read, change and write one customer hold their own lock (see {@code CustomerStore}). Close once, at shutdown:
 * close commits pending writes and closes the writer; a merge into one segment in progress is not waited for (it
 * rolls back after the commit: that merge takes half a minute at 1M customers, and is simply done again later).
 */
public final class CustomerIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerIndex.class);
    static final String SCHEMA_VERSION_KEY = "clientele.schema_version";
    /** Commit data: "true" while erased customers may still be in the index files (see {@link #expungeErased}). */
    private static final String PURGE_PENDING_KEY = "clientele.purge_pending";
    /**
     * Commit data: the base currency and rates ({@link dev.clientele.customer.CurrencyRates#describe}) of the last
     * open. Nothing in the index depends on them (purchases are indexed in their own currencies and converted when
     * read), so a change needs no rewrite; it is recorded to say so in the log, and which rates a backup was
     * served with.
     */
    private static final String CURRENCY_KEY = "clientele.currency";
    /**
     * Commit data: the collation the names' sort keys were written in ({@link NameCollation}); absent in an index
     * from before it was configurable, which used root. Another one configured re-indexes, as a schema change does.
     */
    static final String COLLATION_KEY = "clientele.collation";
    /**
     * Commit data: what the server that closed the index last recorded of a clean stop ({@link #markCleanStop}), in
     * its final commit only: every open takes it out of the next commit, so any program that commits afterwards
     * (`clientele import`, a server that crashes after its first commit) leaves no mark.
     */
    private static final String CLEAN_STOP_KEY = "clientele.clean_stop";

    /** Reads from one searcher; may throw IOException, which is wrapped into {@link IndexException}. */
    @FunctionalInterface
    public interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private final Path path;
    private final dev.clientele.customer.CurrencyRates currency;
    private final Directory directory;
    // The writer, its snapshot policy and searcher manager, the history and the committer are replaced together when
    // the writer is reopened after a failure (see tryReopenWriter); readers take whichever is current.
    private volatile IndexWriter writer;
    private volatile SnapshotDeletionPolicy snapshots;
    private volatile SearcherManager manager;
    private volatile HistoryIndex history;
    private final IndexSettings settings;
    private final DiskSpace disk;
    private final LiveCustomers live = new LiveCustomers();
    private volatile Thread committer;
    private final Object commitLock = new Object();
    private final Object backupLock = new Object();
    private final Object commitDataLock = new Object();
    private final AtomicLong commitCount = new AtomicLong();
    private final AtomicLong lastCommitNanos = new AtomicLong();
    private final AtomicLong lastRefreshNanos = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private long requestedSeq = -1;
    private long durableSeq = -1;
    private IndexException commitFailure;
    private long failedSeq = -1; // the writes up to here were in the commit that failed last
    private volatile boolean closing;
    /** Runs the segment rewrites of erasures, one at a time; requests that arrive meanwhile share the next one. */
    private final java.util.concurrent.ExecutorService purger = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("clientele-purge").daemon(true).unstarted(r));
    private final Object purgeLock = new Object();
    private long purgeRequested; // guarded by purgeLock, as are the fields below
    private long purgeDone;
    private boolean purgeQueued;
    private boolean purgeRunning;
    private boolean purgeStopping;
    private IndexException purgeFailure;
    private long purgeFailedAt; // the last ticket the failed purge covered
    private java.time.Instant lastPurgeAt;
    /** Customers erased whose rewrite has not yet succeeded: it checks they are in no file when it ends. */
    private final java.util.Set<String> purgeIds = new java.util.HashSet<>();
    /** True from an open that found an older schema until {@link #reindex} has rewritten every customer. */
    private volatile boolean reindexPending;
    private final AtomicLong reindexDone = new AtomicLong();
    private final AtomicLong reindexTotal = new AtomicLong();
    /** True while {@link #mergeSegments} merges (on the purger's thread): {@link #close} stops it. */
    private volatile boolean mergingIntoOne;
    /** Set by {@link #close} when it stopped a merge into one segment by rolling the writer back. */
    private volatile boolean mergeStopped;
    /** Set by {@link #close}: a re-index in progress stops (and is done again from the start at the next open). */
    private volatile boolean closeRequested;
    /**
     * Added to the sequence numbers of the current writer, so that they keep growing across a reopened writer (whose
     * own numbers start again): the commit bookkeeping compares them with those of the writer before.
     */
    private volatile long seqBase;
    /** The writes of a failed writer after its last commit are lost: their sequence numbers fail in awaitDurable. */
    private long lostAfter = Long.MAX_VALUE; // guarded by commitLock, as is lostBefore
    private long lostBefore = -1;
    private final Object reopenLock = new Object();
    private final AtomicLong lastSeq = new AtomicLong(-1); // the highest sequence number a write was given
    private boolean committerStopped; // guarded by commitLock: the committer has ended after its writer failed
    private final AtomicLong reopens = new AtomicLong();

    /** The mark of a clean stop the last commit carried ({@link #CLEAN_STOP_KEY}), or null. */
    private final String cleanStopMark;
    /** {@link #changes} when {@link #markCleanStop} was called (-1: not called): a write after it drops the mark. */
    private volatile long markedAtChange = -1;

    /** The collation new documents' name sort keys are written in; set at open, before any write. */
    private String collation = NameCollation.ROOT;

    private CustomerIndex(Path path, IndexSettings settings,
                          java.util.function.UnaryOperator<org.apache.lucene.store.Directory> wrap,
                          java.util.function.LongSupplier usableSpace, boolean deferReindex) throws IOException {
        this.path = path;
        this.currency = settings.currency();
        Files.createDirectories(path);
        this.disk = usableSpace == null ? DiskSpace.of(path, settings.minFreeBytes())
                : new DiskSpace(settings.minFreeBytes(), usableSpace, 0);
        this.settings = settings;
        this.directory = new SyncOnceDirectory(wrap.apply(FSDirectory.open(path)));
        refuseSegmentsWithoutCommit(directory, path);
        openWriter();
        this.cleanStopMark = commitData().get(CLEAN_STOP_KEY);
        if (cleanStopMark != null) {
            putCommitData(CLEAN_STOP_KEY, null); // whatever commits next (this program) did not stop cleanly yet
        }
        try {
            this.history = settings.historyDir() == null ? null : new HistoryIndex(settings.historyDir());
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        try {
            this.reindexPending = recordSchemaAndRates();
        } catch (IOException | RuntimeException e) {
            writer.close();
            if (history != null) {
                history.close();
            }
            throw e;
        }
        this.manager = new SearcherManager(writer, new SearcherFactory());
        this.manager.addListener(live);
        this.committer = Thread.ofPlatform().name("clientele-committer").daemon(true).unstarted(this::commitLoop);
        this.committer.start();
        if (reindexPending && !deferReindex) {
            try {
                reindex(done -> { });
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        if ("true".equals(commitData().get(PURGE_PENDING_KEY))) {
            // An erasure's rewrite had not finished when the index was last closed (or the process died).
            LOG.info("finishing the purge of erased customers from the index files of {}", path);
            synchronized (purgeLock) {
                purgeRequested = 1;
            }
            schedulePurge();
        }
    }

    /** Opens the writer (with its snapshot policy) on the directory; at open, and again after a failure. */
    private void openWriter() throws IOException {
        IndexWriterConfig iwc = new IndexWriterConfig(Analyzers.indexAnalyzer());
        iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        iwc.setRAMBufferSizeMB(settings.ramBufferMb());
        iwc.setCommitOnClose(true);
        iwc.setMergePolicy(mergePolicy());
        iwc.setMergeScheduler(new org.apache.lucene.index.ConcurrentMergeScheduler() {
            @Override
            protected void handleMergeException(Throwable exc) {
                // The merge is abandoned and the segments it read stay as they were; writes that cannot reach the
                // disk fail on their own (see writeFailure). Log it once instead of letting the merge thread die
                // with a stack trace on standard error.
                LOG.error("merge in {} failed: {}", path, exc.toString());
            }
        });
        // Backups pin the commit they copy, so merges cannot delete its files meanwhile.
        SnapshotDeletionPolicy policy = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy());
        iwc.setIndexDeletionPolicy(policy);
        IndexWriter opened = new IndexWriter(directory, iwc);
        this.snapshots = policy;
        this.writer = opened;
    }

    /**
     * Fewer, larger segments than Lucene's default: every search-box query walks each segment's term dictionary
     * (fuzzy terms) and opens postings per segment, so its cost grows with the segment count. At 1M customers the
     * default policy left 13 segments; merging the 9 small ones (8 s) made search-box queries about 25 % faster
     * (BENCHMARKS.md). Segments below 128 MB count as 128 MB and at most 4 may share a tier, so small flushed
     * segments are merged early, when merging them is cheap.
     */
    static org.apache.lucene.index.TieredMergePolicy mergePolicy() {
        org.apache.lucene.index.TieredMergePolicy policy = new org.apache.lucene.index.TieredMergePolicy();
        policy.setSegmentsPerTier(4);
        policy.setFloorSegmentMB(128);
        erasing(policy);
        return policy;
    }

    /**
     * Makes {@code forceMergeDeletes} (used only by {@link #erase}) rewrite every segment holding a deleted document.
     * By default it skips segments with 10 % or less deleted, so an erased customer in a large segment, and its
     * replaced versions, stayed in the files (stored source and terms) until some later merge happened to pick them.
     */
    static org.apache.lucene.index.TieredMergePolicy erasing(org.apache.lucene.index.TieredMergePolicy policy) {
        policy.setForceMergeDeletesPctAllowed(0);
        return policy;
    }

    /**
     * Segment files without any commit point (a lost or deleted {@code segments_N}) would make Lucene create a new,
     * empty index and delete every segment file as unreferenced: all customers gone at the next open, even by
     * {@code clientele export}. Refuse instead, so the files stay for recovery.
     */
    static void refuseSegmentsWithoutCommit(Directory directory, Path path) throws IOException {
        String[] files = directory.listAll();
        if (org.apache.lucene.index.SegmentInfos.getLastCommitGeneration(files) == -1
                && java.util.Arrays.stream(files).anyMatch(f -> f.startsWith("_"))) {
            directory.close();
            throw new org.apache.lucene.index.CorruptIndexException("segment files but no commit point (segments_N)",
                    path.toString());
        }
    }

    /**
     * Opens (or creates) the index in a directory. Fails if another process holds it ({@link IndexException.Reason#IN_USE})
     * or its files are damaged ({@link IndexException.Reason#DAMAGED}; nothing is changed then).
     */
    public static CustomerIndex open(Path path, IndexSettings settings) {
        return open(path, settings, d -> d);
    }

    /** Opens the index on a wrapped directory (tests use it to make the disk fail). */
    static CustomerIndex open(Path path, IndexSettings settings,
                              java.util.function.UnaryOperator<org.apache.lucene.store.Directory> wrap) {
        return open(path, settings, wrap, null);
    }

    /**
     * Opens the index with the disk's usable space read from {@code usableSpace} at every write (tests use it to fill
     * the disk and make room again).
     */
    static CustomerIndex open(Path path, IndexSettings settings,
                              java.util.function.UnaryOperator<org.apache.lucene.store.Directory> wrap,
                              java.util.function.LongSupplier usableSpace) {
        return open(path, settings, wrap, usableSpace, false);
    }

    /**
     * As {@link #open(Path, IndexSettings)}, but an index written with an older schema is not re-indexed here: it
     * opens at once, searches see the customers as they were indexed, and {@link #reindexing()} is present until the
     * caller has run {@link #reindex}. Nothing may write before that (the re-index rewrites every customer from a
     * snapshot taken when it starts, so a write made meanwhile could be undone). The server uses it to listen while
     * it re-indexes.
     */
    public static CustomerIndex openDeferringReindex(Path path, IndexSettings settings) {
        return open(path, settings, d -> d, null, true);
    }

    /** As {@link #openDeferringReindex(Path, IndexSettings)} on a wrapped directory (tests hold a server's merge). */
    static CustomerIndex openDeferringReindex(Path path, IndexSettings settings,
                                              java.util.function.UnaryOperator<org.apache.lucene.store.Directory> wrap) {
        return open(path, settings, wrap, null, true);
    }

    private static CustomerIndex open(Path path, IndexSettings settings,
                                      java.util.function.UnaryOperator<org.apache.lucene.store.Directory> wrap,
                                      java.util.function.LongSupplier usableSpace, boolean deferReindex) {
        try {
            return new CustomerIndex(path, settings, wrap, usableSpace, deferReindex);
        } catch (org.apache.lucene.store.LockObtainFailedException e) {
            throw new IndexException("the index at " + path + " is in use by another process (a running server, "
                    + "import or backup)", e, IndexException.Reason.IN_USE);
        } catch (org.apache.lucene.index.CorruptIndexException | org.apache.lucene.index.IndexFormatTooOldException
                 | org.apache.lucene.index.IndexFormatTooNewException e) {
            throw new IndexException("the index at " + path + " is damaged or unreadable (" + e.getMessage()
                    + "); it is left as it is: restore the last backup into a new data directory with "
                    + "`clientele restore BACKUP_DIR --data NEW_DIR`", e, IndexException.Reason.DAMAGED);
        } catch (IOException e) {
            throw new IndexException("cannot open index at " + path + ": " + e.getMessage(), e);
        }
    }

    public static CustomerIndex open(Path path) {
        return open(path, IndexSettings.DEFAULTS);
    }

    public Path path() {
        return path;
    }

    /** The base currency and rates customers' derived spend figures are read in. */
    public dev.clientele.customer.CurrencyRates currency() {
        return currency;
    }

    /**
     * A customer with its derived spend figures in this index's base currency ({@link CustomerSchema#derived}): what
     * a write stores and answers.
     */
    public Customer derive(Customer c) {
        return CustomerSchema.derived(c, currency);
    }

    /**
     * Why the index does not accept writes now, or empty while it does: the disk is nearly full (writes come back
     * by themselves once there is room; see {@link IndexSettings#minFreeBytes()}), or the index has stopped
     * accepting writes after a failure (see {@link #stoppedWriting()}).
     */
    public Optional<String> writeFailure() {
        tryReopenWriter();
        Optional<String> stopped = stoppedWriting();
        if (stopped.isPresent()) {
            return stopped;
        }
        java.util.OptionalLong free = disk.shortage();
        return free.isPresent() ? Optional.of(disk.describe(free.getAsLong())) : Optional.empty();
    }

    /**
     * Why the index has stopped accepting writes, or empty while it has not. Lucene closes its writer after an error
     * it cannot recover from, such as a full disk while writing a segment: the customers committed before stay
     * readable and safe, writes that were not yet committed are gone (and were never acknowledged), and writes are
     * refused until the writer is reopened, which the next write (or {@link #writeFailure()}, as health checks ask)
     * tries once the disk takes a file again (see {@link #tryReopenWriter}).
     */
    public Optional<String> stoppedWriting() {
        if (closing) {
            return Optional.empty();
        }
        Throwable tragedy = writer.getTragicException();
        if (tragedy == null && history != null) {
            tragedy = history.failure();
        }
        if (tragedy == null && writer.isOpen()) {
            return Optional.empty();
        }
        return Optional.of(tragedy == null ? "the index writer is closed" : describe(tragedy));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private IndexException writeFailed(String what, Exception e) {
        Optional<String> failure = stoppedWriting();
        if (failure.isPresent()) {
            return new IndexException(what + ": the index stopped accepting writes after a failure it cannot "
                    + "recover from (" + failure.get() + "); every acknowledged write is safe; writes resume by "
                    + "themselves once the cause (for example a full disk) is fixed", e, IndexException.Reason.READ_ONLY);
        }
        return new IndexException(what, e);
    }

    /**
     * Throws the {@link IndexException} a write would get now ({@link IndexException.Reason#NO_SPACE} or
     * {@link IndexException.Reason#READ_ONLY}), reading the disk's free space afresh; does nothing while writes are
     * accepted. Lets a large upload be refused before it is read.
     */
    public void checkWritable(String what) {
        tryReopenWriter();
        if (stoppedWriting().isPresent()) {
            throw writeFailed(what, null);
        }
        disk.check(what, true);
    }

    /** False once the index has been closed (or its writer failed). */
    public boolean isOpen() {
        return writer.isOpen();
    }

    /**
     * Adds or replaces a customer (by id). Not durable until {@link #awaitDurable} with the returned sequence
     * number returns; visible to {@link #get} at once and to searches after the next refresh.
     *
     * @param previousExternalId the external id the customer had before this write, or null
     */
    public long put(Customer c, String previousExternalId) {
        return put(c, previousExternalId, null);
    }

    /**
     * As {@link #put(Customer, String)}, and keeps {@code previous} (the version this write replaces) in the
     * history when history is on.
     */
    public long put(Customer c, String previousExternalId, Customer previous) {
        return write(c, previousExternalId, previous, false);
    }

    /**
     * Adds a customer whose id was just made, so no document can hold it yet: a plain add, without the delete by
     * id that {@link #put} buffers and every flush must then look up in every older segment. Same durability
     * rules as {@link #put}.
     */
    public long add(Customer c) {
        return write(c, null, null, true);
    }

    private long write(Customer written, String previousExternalId, Customer previous, boolean fresh) {
        Customer c = derive(written);
        refuseWhileReindexing("cannot write customer " + c.id());
        tryReopenWriter();
        disk.check("cannot write customer " + c.id());
        Document doc = CustomerSchema.toDocument(c, collation);
        try {
            if (previous != null && history != null) {
                history.add(previous);
            }
            IndexWriter w = writer;
            long seq = handedOut(seqBase + (fresh ? w.addDocument(doc)
                    : w.updateDocument(new Term(CustomerSchema.ID, c.id()), doc)));
            live.put(c, previousExternalId);
            changes.incrementAndGet();
            return seq;
        } catch (IOException | RuntimeException e) {
            throw writeFailed("cannot write customer " + c.id() + " to " + path, e);
        }
    }

    /** Deletes a customer by id; same durability rules as {@link #put}. */
    public long delete(String id, String externalId) {
        return delete(id, externalId, null);
    }

    /** Deletes a customer, keeping its last version in the history when history is on. */
    public long delete(String id, String externalId, Customer last) {
        refuseWhileReindexing("cannot delete customer " + id);
        tryReopenWriter();
        disk.check("cannot delete customer " + id);
        try {
            if (last != null && history != null) {
                history.add(last);
            }
            long seq = handedOut(seqBase + writer.deleteDocuments(new Term(CustomerSchema.ID, id)));
            live.delete(id, externalId);
            changes.incrementAndGet();
            return seq;
        } catch (IOException | RuntimeException e) {
            throw writeFailed("cannot delete customer " + id + " from " + path, e);
        }
    }

    /** A write before {@link #reindex} has run could be undone by it (see {@link #openDeferringReindex}). */
    private void refuseWhileReindexing(String what) {
        if (reindexPending) {
            throw new IndexException(what + ": the index is being re-indexed after a schema change; try again "
                    + "once it is done (see /api/health)");
        }
    }

    private long handedOut(long seq) {
        lastSeq.accumulateAndGet(seq, Math::max);
        return seq;
    }

    /** Asks the committer to commit up to {@code seq} soon, without waiting for it. */
    public void requestCommit(long seq) {
        synchronized (commitLock) {
            if (seq > requestedSeq) {
                requestedSeq = seq;
                commitLock.notifyAll();
            }
        }
    }

    /**
     * Blocks until every write with a sequence number up to {@code seq} is committed to disk.
     *
     * @throws IndexException if the commit failed (the write must then not be acknowledged)
     */
    public void awaitDurable(long seq) {
        synchronized (commitLock) {
            if (seq > requestedSeq) {
                requestedSeq = seq;
                commitLock.notifyAll();
            }
            while (true) {
                // Checked before durableSeq: the new writer's first commit covers the old numbers too.
                if (seq > lostAfter && seq < lostBefore) {
                    throw new IndexException("write not acknowledged: the index writer failed before committing it "
                            + "(it has been reopened since)", commitFailure, IndexException.Reason.FAILED);
                }
                if (durableSeq >= seq) {
                    break;
                }
                // Only a failed commit that covered this write fails it; a write made after that failure waits for
                // the committer's next attempt.
                if (commitFailure != null && failedSeq >= seq) {
                    throw writeFailed("commit failed; write not acknowledged: " + commitFailure.getMessage(),
                            commitFailure);
                }
                if (!committer.isAlive() || committerStopped) {
                    throw closing ? new IndexException("index " + path + " is closed")
                            : writeFailed("commit stopped; write not acknowledged", commitFailure);
                }
                try {
                    commitLock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IndexException("interrupted while waiting for commit", e);
                }
            }
        }
    }


    /**
     * Counts puts and deletes, each once it is visible to real-time reads: something derived from the customers
     * after reading this number is current while the number stays the same.
     */
    public long changeCount() {
        return changes.get();
    }

    /** The current sequence number of the writer: awaiting it makes everything written so far durable. */
    public long maxSequence() {
        return seqBase + writer.getMaxCompletedSequenceNumber();
    }

    /**
     * Reopens the writer after a failure stopped it (Lucene closed it, or the history's writer failed), once the
     * disk takes a small file again: the customers committed before are all there, the writes not committed then
     * are dropped (they were never acknowledged) and writes go on, without a restart. Does nothing while writes work,
     * while closing, or when the disk still fails (then the index stays read-only and the next call tries again).
     * Called before every write and by {@link #writeFailure()}, which health checks call.
     */
    private void tryReopenWriter() {
        if (closeRequested || stoppedWriting().isEmpty()) {
            return;
        }
        synchronized (reopenLock) {
            if (closeRequested || stoppedWriting().isEmpty()) {
                return;
            }
            String cause = stoppedWriting().orElse("");
            try {
                probeDisk();
            } catch (IOException e) {
                LOG.debug("the disk of {} still fails ({}); the index stays read-only", path, e.toString());
                return;
            }
            synchronized (backupLock) { // no commit or backup runs on the old writer meanwhile
                IndexWriter old = writer;
                SearcherManager oldManager = manager;
                try {
                    if (old.isOpen()) {
                        old.rollback(); // the history failed: drop this writer's uncommitted writes too
                    }
                    HistoryIndex oldHistory = history;
                    if (oldHistory != null && oldHistory.failure() != null) {
                        try {
                            oldHistory.close();
                        } catch (IOException | RuntimeException e) {
                            LOG.debug("closing the failed history of {}: {}", path, e.toString());
                        }
                        history = new HistoryIndex(settings.historyDir());
                    }
                    long lastOld = lastSeq.get(); // a closed writer no longer says
                    synchronized (commitLock) {
                        long base = Math.max(Math.max(lastOld, requestedSeq), durableSeq) + 1;
                        lostAfter = durableSeq;
                        lostBefore = base;
                        openWriter();
                        putCommitData(CLEAN_STOP_KEY, null); // as at open: its last commit may still carry one
                        seqBase = base;
                        commitFailure = null;
                        if (committerStopped) {
                            committerStopped = false;
                            committer = Thread.ofPlatform().name("clientele-committer").daemon(true)
                                    .unstarted(this::commitLoop);
                            committer.start();
                        }
                        commitLock.notifyAll(); // waiters for lost writes fail now
                    }
                    live.clear(); // real-time reads of writes that were lost
                    SearcherManager fresh = new SearcherManager(writer, new SearcherFactory());
                    fresh.addListener(live);
                    manager = fresh;
                    try {
                        oldManager.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("closing the searcher manager of the failed writer: {}", e.toString());
                    }
                    reopens.incrementAndGet();
                    LOG.warn("the index writer of {} was reopened after a failure ({}); writes go on, the writes not "
                            + "committed before it were not acknowledged and are not stored", path, cause);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("reopening the index writer of {} failed ({}); the index stays read-only", path,
                            e.toString());
                }
            }
        }
    }

    /** Writes, syncs and deletes a small file, as a segment flush would: fails while the disk is full or broken. */
    private void probeDisk() throws IOException {
        String name = "clientele-probe-" + System.nanoTime() + ".tmp";
        try {
            try (org.apache.lucene.store.IndexOutput out = directory.createOutput(name,
                    org.apache.lucene.store.IOContext.DEFAULT)) {
                out.writeBytes(new byte[4096], 4096);
            }
            directory.sync(java.util.List.of(name));
        } finally {
            try {
                directory.deleteFile(name);
            } catch (IOException | RuntimeException ignored) {
                // not created
            }
        }
    }

    /** How often the writer was reopened after a failure since the index was opened. */
    public long writerReopens() {
        return reopens.get();
    }

    private void commitLoop() {
        while (true) {
            long target;
            synchronized (commitLock) {
                while (requestedSeq <= durableSeq && !closing) {
                    try {
                        commitLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (requestedSeq <= durableSeq && closing) {
                    return;
                }
                target = requestedSeq;
            }
            long start = System.nanoTime();
            try {
                long committed;
                synchronized (backupLock) { // a backup never sees the history commit without the one after it
                    if (history != null) {
                        // History first: a version must be durable before the write that replaces it is.
                        history.commit();
                    }
                    IndexWriter w = writer;
                    long c = w.commit();
                    committed = c < 0 ? c : seqBase + c;
                }
                // commit() returns -1 when there was nothing to commit; everything completed before it is durable.
                long covered = Math.max(committed, target);
                lastCommitNanos.set(System.nanoTime() - start);
                commitCount.incrementAndGet();
                // Searchable before acknowledged: a create answered 201 is found by the next search and the next
                // duplicate check (a form sent twice made two records when the refresh came after the answer, or
                // was skipped because another refresh was running).
                refreshForAcknowledgement();
                synchronized (commitLock) {
                    durableSeq = Math.max(durableSeq, covered);
                    commitFailure = null;
                    commitLock.notifyAll();
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("commit of {} failed", path, e);
                synchronized (commitLock) {
                    commitFailure = new IndexException("commit to " + path + " failed", e);
                    failedSeq = target;
                    commitLock.notifyAll();
                    if (!writer.isOpen()) {
                        // Decided under the lock the reopen swaps the writer under: it starts a new committer.
                        committerStopped = true;
                        return;
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** A refresh after a commit; its failure does not fail the commit, which is durable (reads stay real-time). */
    private void refreshForAcknowledgement() {
        long start = System.nanoTime();
        try {
            manager.maybeRefreshBlocking();
            lastRefreshNanos.set(System.nanoTime() - start);
        } catch (IOException | RuntimeException e) {
            LOG.warn("refresh of {} after a commit failed: {}", path, e.toString());
        }
    }

    /** The customer with this id, as last written (real-time), or empty. */
    public Optional<Customer> get(String id) {
        Optional<LiveCustomers.Entry> e = live.get(id);
        if (e.isPresent()) {
            return Optional.ofNullable(e.get().customer());
        }
        return withSearcher(s -> {
            DocRef ref = lookup(s, CustomerSchema.ID, id);
            return ref == null ? Optional.<Customer>empty()
                    : Optional.of(CustomerSchema.fromStored(ref.leaf().storedFields(), ref.doc(), currency));
        });
    }

    /** True when a customer with this id exists (real-time), without reading its data. */
    public boolean exists(String id) {
        Optional<LiveCustomers.Entry> e = live.get(id);
        if (e.isPresent()) {
            return !e.get().deleted();
        }
        return withSearcher(s -> lookup(s, CustomerSchema.ID, id) != null);
    }

    /**
     * The ids among these that belong to existing customers (real-time), without reading their data: one searcher
     * and one terms enumerator per segment for all of them, not one of each per id (the review queue checks tens of
     * thousands of ids at once).
     */
    public java.util.Set<String> existing(java.util.Collection<String> ids) {
        java.util.Set<String> out = new java.util.HashSet<>();
        java.util.List<org.apache.lucene.util.BytesRef> toSeek = new java.util.ArrayList<>();
        for (String id : new java.util.TreeSet<>(ids)) { // sorted: each segment's terms are walked forward
            Optional<LiveCustomers.Entry> e = live.get(id);
            if (e.isEmpty()) {
                toSeek.add(new org.apache.lucene.util.BytesRef(id));
            } else if (!e.get().deleted()) {
                out.add(id);
            }
        }
        forEachLiveDoc(toSeek, (leaf, hits) -> out.addAll(java.util.Arrays.asList(hits.ids())));
        return out;
    }

    /**
     * The current version of each of these customers that exists (real-time), from doc values: one searcher and one
     * terms enumerator per segment for all of them, and no stored document read (the review queue asks for the
     * customers of all its pending pairs at start). A customer indexed without a version is left out.
     */
    public java.util.Map<String, Long> versions(java.util.Collection<String> ids) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        java.util.List<org.apache.lucene.util.BytesRef> toSeek = new java.util.ArrayList<>();
        for (String id : new java.util.TreeSet<>(ids)) { // sorted: each segment's terms are walked forward
            Optional<LiveCustomers.Entry> e = live.get(id);
            if (e.isEmpty()) {
                toSeek.add(new org.apache.lucene.util.BytesRef(id));
            } else if (!e.get().deleted() && e.get().customer().version() != null) {
                out.put(id, e.get().customer().version());
            }
        }
        forEachLiveDoc(toSeek, (leaf, hits) -> {
            // One doc-values iterator per segment, read forward: the hits come in document order.
            org.apache.lucene.index.NumericDocValues v = leaf.getNumericDocValues(CustomerSchema.VERSION);
            for (int i = 0; v != null && i < hits.size(); i++) {
                if (v.advanceExact(hits.docs()[i])) {
                    out.put(hits.ids()[i], v.longValue());
                }
            }
        });
        return out;
    }

    /** The ids found live in one segment and their documents, in document order. */
    private record LeafHits(String[] ids, int[] docs) {
        int size() {
            return docs.length;
        }
    }

    /** What {@link #forEachLiveDoc} calls for each segment holding some of the ids. */
    private interface LiveDocVisitor {
        void visit(org.apache.lucene.index.LeafReader leaf, LeafHits hits) throws IOException;
    }

    /**
     * Calls {@code visitor} with the live documents these ids (sorted) have, a segment at a time, walking each
     * segment's id terms forward with one enumerator: one searcher for all of them, not one per id. The largest
     * segments come first, and an id found live is not looked for in the segments after (a customer has one live
     * document): at start the review queue asks for 60,000 ids, and seeking each in every segment was most of it.
     */
    private void forEachLiveDoc(java.util.List<org.apache.lucene.util.BytesRef> sortedIds, LiveDocVisitor visitor) {
        if (sortedIds.isEmpty()) {
            return;
        }
        withSearcher(s -> {
            List<LeafReaderContext> leaves = new ArrayList<>(s.getIndexReader().leaves());
            leaves.sort(java.util.Comparator.comparingInt((LeafReaderContext l) -> l.reader().maxDoc()).reversed());
            java.util.List<org.apache.lucene.util.BytesRef> left = sortedIds;
            for (LeafReaderContext leafCtx : leaves) {
                if (left.isEmpty()) {
                    break;
                }
                org.apache.lucene.index.LeafReader leaf = leafCtx.reader();
                org.apache.lucene.index.Terms terms = leaf.terms(CustomerSchema.ID);
                if (terms == null) {
                    continue;
                }
                org.apache.lucene.index.TermsEnum te = terms.iterator();
                org.apache.lucene.index.PostingsEnum pe = null;
                Bits liveDocs = leaf.getLiveDocs();
                java.util.List<org.apache.lucene.util.BytesRef> notFound = new ArrayList<>();
                List<long[]> hits = new ArrayList<>(); // {doc, index into left}
                for (int i = 0; i < left.size(); i++) {
                    org.apache.lucene.util.BytesRef term = left.get(i);
                    int live = -1;
                    if (te.seekExact(term)) {
                        pe = te.postings(pe, org.apache.lucene.index.PostingsEnum.NONE);
                        for (int d = pe.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                                d = pe.nextDoc()) {
                            if (liveDocs == null || liveDocs.get(d)) {
                                live = d;
                                break;
                            }
                        }
                    }
                    if (live >= 0) {
                        hits.add(new long[] {live, i});
                    } else {
                        notFound.add(term);
                    }
                }
                if (!hits.isEmpty()) {
                    hits.sort(java.util.Comparator.comparingLong(h -> h[0]));
                    String[] ids = new String[hits.size()];
                    int[] docs = new int[hits.size()];
                    for (int i = 0; i < ids.length; i++) {
                        docs[i] = (int) hits.get(i)[0];
                        ids[i] = left.get((int) hits.get(i)[1]).utf8ToString();
                    }
                    visitor.visit(leaf, new LeafHits(ids, docs));
                }
                left = notFound;
            }
            return null;
        });
    }

    /** A live document in one segment. */
    private record DocRef(org.apache.lucene.index.LeafReader leaf, int doc) {
    }

    /**
     * The live document whose keyword field has this exact value, by seeking the term in each segment: much
     * cheaper than a query for the per-write lookups of bulk imports.
     */
    private static DocRef lookup(IndexSearcher s, String field, String value) throws IOException {
        org.apache.lucene.util.BytesRef term = new org.apache.lucene.util.BytesRef(value);
        TermLookup cached = TERM_LOOKUPS.get().forReader(s.getIndexReader(), field);
        // Newest segments first: a live doc can only be in one of them anyway.
        java.util.List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        for (int i = leaves.size() - 1; i >= 0; i--) {
            org.apache.lucene.index.LeafReader leaf = leaves.get(i).reader();
            org.apache.lucene.index.TermsEnum te = cached.termsEnum(i, leaf);
            if (te == null || !te.seekExact(term)) {
                continue;
            }
            org.apache.lucene.index.PostingsEnum pe = te.postings(cached.postings[i],
                    org.apache.lucene.index.PostingsEnum.NONE);
            cached.postings[i] = pe;
            Bits liveDocs = leaf.getLiveDocs();
            for (int d = pe.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
                if (liveDocs == null || liveDocs.get(d)) {
                    return new DocRef(leaf, d);
                }
            }
        }
        return null;
    }

    /*
     * Every write of a bulk import looks its external id up (twice: before and under its lock), once per segment.
     * A fresh TermsEnum per segment and lookup made a quarter of all allocation of an import, so each thread keeps
     * its enums for the reader it last used; they are only used while a searcher on that same reader is acquired,
     * so the reader is open, and a refresh (new reader) starts a new set.
     */
    private static final ThreadLocal<TermLookups> TERM_LOOKUPS = ThreadLocal.withInitial(TermLookups::new);

    /** One thread's term enums, per field, for one reader. Not thread-safe (one per thread). */
    private static final class TermLookups {
        private org.apache.lucene.index.IndexReader reader;
        private final Map<String, TermLookup> byField = new HashMap<>();

        TermLookup forReader(org.apache.lucene.index.IndexReader r, String field) {
            if (r != reader) {
                reader = r;
                byField.clear();
            }
            return byField.computeIfAbsent(field, f -> new TermLookup(f, r.leaves().size()));
        }
    }

    /** The term and postings enums of one field, per segment of one reader. */
    private static final class TermLookup {
        private final String field;
        private final org.apache.lucene.index.TermsEnum[] enums;
        private final boolean[] absent;
        private final org.apache.lucene.index.PostingsEnum[] postings;

        TermLookup(String field, int leaves) {
            this.field = field;
            this.enums = new org.apache.lucene.index.TermsEnum[leaves];
            this.absent = new boolean[leaves];
            this.postings = new org.apache.lucene.index.PostingsEnum[leaves];
        }

        /** The enum of segment {@code i}, or null when the segment has no such field. */
        org.apache.lucene.index.TermsEnum termsEnum(int i, org.apache.lucene.index.LeafReader leaf) throws IOException {
            if (enums[i] == null && !absent[i]) {
                org.apache.lucene.index.Terms terms = leaf.terms(field);
                if (terms == null) {
                    absent[i] = true;
                } else {
                    enums[i] = terms.iterator();
                }
            }
            return enums[i];
        }
    }

    /** The id of a document from the id field's doc values (no stored-field decoding). */
    private static String idOf(DocRef ref) throws IOException {
        org.apache.lucene.index.SortedSetDocValues dv = ref.leaf().getSortedSetDocValues(CustomerSchema.ID);
        if (dv == null || !dv.advanceExact(ref.doc())) {
            throw new IndexException("document " + ref.doc() + " has no id");
        }
        return dv.lookupOrd(dv.nextOrd()).utf8ToString();
    }

    /** The id of the customer with this external id (real-time), or empty. */
    public Optional<String> idForExternalId(String externalId) {
        Optional<String> known = live.idForExternal(externalId);
        if (known.isPresent()) {
            String id = known.get();
            if (LiveCustomers.released(id)) {
                // Released by a recent write; but another committed customer may hold it. Ask the searcher
                // and check that the customer found still carries it.
                return searchExternal(externalId).filter(found -> get(found)
                        .map(c -> externalId.equals(c.externalId())).orElse(false));
            }
            return Optional.of(id);
        }
        // Nothing written recently under this external id: the searcher is up to date for it. (A write that moved
        // it away would have left a "released" entry above until the searcher caught up.)
        return searchExternal(externalId);
    }

    private Optional<String> searchExternal(String externalId) {
        return withSearcher(s -> {
            DocRef ref = lookup(s, CustomerSchema.EXTERNAL_ID, externalId);
            return ref == null ? Optional.<String>empty() : Optional.of(idOf(ref));
        });
    }

    /**
     * One page of customers in id order (which is creation order), after the given id (exclusive) or from the
     * start. Sees refreshed writes only.
     */
    public java.util.List<Customer> page(String afterId, int limit) {
        return page(afterId, limit, null);
    }

    /** As {@link #page(String, int)}, only customers matching {@code filter} (null: all). */
    public java.util.List<Customer> page(String afterId, int limit, org.apache.lucene.search.Query filter) {
        return withSearcher(s -> {
            org.apache.lucene.search.Query range = afterId == null
                    ? new org.apache.lucene.search.MatchAllDocsQuery()
                    : org.apache.lucene.search.TermRangeQuery.newStringRange(CustomerSchema.ID, afterId, null,
                            false, false);
            org.apache.lucene.search.Query q = filter == null ? range
                    : new org.apache.lucene.search.BooleanQuery.Builder()
                            .add(range, org.apache.lucene.search.BooleanClause.Occur.MUST)
                            .add(filter, org.apache.lucene.search.BooleanClause.Occur.FILTER).build();
            org.apache.lucene.search.Sort sort = new org.apache.lucene.search.Sort(
                    org.apache.lucene.document.KeywordField.newSortField(CustomerSchema.ID, false,
                            org.apache.lucene.search.SortedSetSelector.Type.MIN));
            TopDocs top = s.search(q, Math.max(1, limit), sort);
            java.util.List<Customer> out = new java.util.ArrayList<>(top.scoreDocs.length);
            StoredFields stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(CustomerSchema.fromStored(stored, sd.doc, currency));
            }
            return out;
        });
    }

    /** Number of customers visible to searches (excludes writes not yet refreshed). */
    public int count() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    /** Runs a read on an acquired searcher and releases it afterwards. */
    public <T> T withSearcher(SearcherFunction<T> fn) {
        IndexSearcher s;
        try {
            s = manager.acquire();
        } catch (IOException e) {
            throw new IndexException("cannot acquire searcher for " + path, e);
        }
        try {
            return fn.apply(s);
        } catch (IOException e) {
            throw new IndexException("search failed on " + path, e);
        } finally {
            try {
                manager.release(s);
            } catch (IOException e) {
                LOG.warn("cannot release searcher", e);
            }
        }
    }

    /** Makes every write so far visible to searches, blocking. Mostly for tests and batch tools. */
    public void refresh() {
        try {
            manager.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new IndexException("refresh of " + path + " failed", e);
        }
    }

    /** Calls the consumer for every live customer, in index order. For export, re-indexing and scans. */
    public void forEach(java.util.function.Consumer<Customer> consumer) {
        withSearcher(s -> {
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                Bits liveDocs = leaf.reader().getLiveDocs();
                StoredFields stored = leaf.reader().storedFields();
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    if (liveDocs == null || liveDocs.get(d)) {
                        consumer.accept(CustomerSchema.fromStored(stored, d, currency));
                    }
                }
            }
            return null;
        });
    }

    /** One previous version of a customer (empty when there is none, or history is off). */
    public java.util.Optional<Customer> historyVersion(String id, long version) {
        if (history == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.ofNullable(history.version(id, version)).map(this::derive);
        } catch (IOException e) {
            throw new IndexException("cannot read history of " + id, e);
        }
    }

    /** Previous versions of a customer, newest first (empty when history is off). */
    public java.util.List<Customer> history(String id, int limit) {
        if (history == null) {
            return java.util.List.of();
        }
        try {
            return history.versions(id, limit).stream().map(this::derive).toList();
        } catch (IOException e) {
            throw new IndexException("cannot read history of " + id, e);
        }
    }

    /**
     * Erases a customer: deletes it and all its history, then rewrites the segments that held it so its data
     * leaves the index files, and commits. Blocks until done.
     */
    public void erase(String id, String externalId) {
        erase(java.util.List.of(id), java.util.Collections.singletonList(externalId));
    }

    /**
     * Erases several customers at once (one rewrite of the segments for all), as {@link #erase(String, String)}.
     *
     * @param externalIds the external id of each customer that is current, null for one that is not (a deleted
     *                    customer's external id was released and may belong to another one by now)
     */
    public void erase(java.util.List<String> ids, java.util.List<String> externalIds) {
        awaitPurge(expungeErased(eraseDocuments(ids, externalIds), ids));
    }

    /**
     * The first half of {@link #erase(java.util.List, java.util.List)}: deletes the customers and their history,
     * without waiting. Callers that serialise writes per customer call it under their locks, so that no write in
     * flight can put a customer back after it; then {@link #expungeErased} outside them.
     *
     * @return the sequence number to pass to {@link #expungeErased}
     */
    public long eraseDocuments(java.util.List<String> ids, java.util.List<String> externalIds) {
        if (ids.size() != externalIds.size()) {
            throw new IllegalArgumentException("one external id (or null) per id");
        }
        try {
            long seq = -1;
            for (int i = 0; i < ids.size(); i++) {
                seq = Math.max(seq, delete(ids.get(i), externalIds.get(i), null));
                if (history != null) {
                    history.deleteAll(ids.get(i));
                }
            }
            return seq;
        } catch (IOException e) {
            throw new IndexException("cannot erase customer " + String.join(", ", ids) + " from " + path, e);
        }
    }

    /**
     * The second half of an erasure: makes the deletes durable, in this index and in history, then has the segments
     * that held the erased customers rewritten in the background, so their data leaves the index files. A marker in
     * the commit data survives a crash until that rewrite is done, and the next open finishes it. Rewrites asked for
     * while one runs share the next one.
     *
     * @return a ticket for {@link #awaitPurge}
     */
    public long expungeErased(long seq, java.util.List<String> ids) {
        try {
            long ticket;
            synchronized (purgeLock) {
                ticket = ++purgeRequested;
                purgeIds.addAll(ids);
                putCommitData(PURGE_PENDING_KEY, "true");
            }
            awaitDurable(seq);
            writer.commit(); // the marker, also when the committer had committed the deletes before it was set
            if (history != null) {
                history.commit();
            }
            schedulePurge();
            return ticket;
        } catch (IOException e) {
            throw new IndexException("cannot erase customer " + String.join(", ", ids) + " from " + path, e);
        }
    }

    /**
     * Blocks until the rewrite that the ticket's erasure asked for is done (ticket 0 or less: every rewrite asked
     * for so far).
     *
     * @throws IndexException if that rewrite failed (it is tried again at the next erasure or open) or the index
     *                        closed first
     */
    public void awaitPurge(long ticket) {
        synchronized (purgeLock) {
            long target = ticket <= 0 ? purgeRequested : ticket;
            while (purgeDone < target) {
                if (purgeFailure != null && purgeFailedAt >= target && !purgeQueued && !purgeRunning) {
                    throw purgeFailure;
                }
                if (purgeStopping && !purgeRunning) {
                    throw new IndexException("the index closed before the erased data was purged from its files; "
                            + "the purge is finished at the next start");
                }
                try {
                    purgeLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IndexException("interrupted while waiting for the purge of erased data", e);
                }
            }
        }
    }

    /**
     * Where the rewrites of erasures stand.
     *
     * @param pending      erased customers may still be in the index files
     * @param running      a rewrite is running
     * @param lastPurgedAt when the last rewrite ended (null: none since start)
     * @param lastError    why the last rewrite failed, if it did and none succeeded since
     */
    public record PurgeStatus(boolean pending, boolean running, java.time.Instant lastPurgedAt, String lastError) {
    }

    public PurgeStatus purgeStatus() {
        synchronized (purgeLock) {
            return new PurgeStatus(purgeDone < purgeRequested, purgeRunning, lastPurgeAt,
                    purgeFailure == null ? null : purgeFailure.getMessage());
        }
    }

    private void schedulePurge() {
        synchronized (purgeLock) {
            if (!purgeQueued && !purger.isShutdown()) {
                purgeQueued = true;
                purger.execute(this::purge);
            }
        }
    }

    private void purge() {
        long covers;
        java.util.List<String> ids;
        synchronized (purgeLock) {
            purgeQueued = false;
            if (purgeStopping) {
                purgeLock.notifyAll();
                return; // the marker stays: the next open purges
            }
            purgeRunning = true;
            covers = purgeRequested;
            ids = java.util.List.copyOf(purgeIds);
        }
        long start = System.nanoTime();
        try {
            Expunge.untilGone(writer, manager, CustomerSchema.ID, ids, () -> closeRequested);
            if (history != null) {
                history.expungeDeletes(ids, () -> closeRequested);
            }
            synchronized (purgeLock) {
                ids.forEach(purgeIds::remove);
                if (purgeRequested == covers) {
                    putCommitData(PURGE_PENDING_KEY, null); // later erasures keep it until their own rewrite
                }
            }
            writer.commit();
            synchronized (purgeLock) {
                purgeDone = Math.max(purgeDone, covers);
                purgeFailure = null;
                lastPurgeAt = java.time.Instant.now();
            }
            LOG.info("purged erased customers from the index files of {} in {} ms", path,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            synchronized (purgeLock) {
                purgeFailure = new IndexException("purging erased customers from " + path + " failed: " + e, e);
                purgeFailedAt = covers;
            }
            LOG.warn("purging erased customers from the index files of {} failed ({}); it is tried again at the next "
                    + "erasure or start", path, e.toString());
        } finally {
            synchronized (purgeLock) {
                purgeRunning = false;
                purgeLock.notifyAll();
            }
        }
    }

    /**
     * How the index is split into segments, as searches see it now.
     *
     * @param count     segments
     * @param documents live customers
     * @param deleted   deleted documents still in the files, until a merge leaves them out
     * @param largest   documents, live or deleted, of the largest segment
     */
    public record Segments(int count, long documents, long deleted, long largest) {
        /**
         * Whether merging the index into one segment is worth rewriting all of it: at least a tenth of its documents
         * lie outside the largest segment, or are deleted. A search-box query looks up each of its terms in every
         * segment, so one segment instead of the four an import of 1M customers leaves saves searches about a
         * quarter of their CPU (BENCHMARKS.md); the small segments that single writes make cost next to nothing, and
         * are not worth rewriting a large index for.
         */
        public boolean worthMerging() {
            long all = documents + deleted;
            return all > 0 && ((count > 1 && (all - largest) * 10 >= all) || deleted * 10 >= all);
        }
    }

    /** The segments of the index as searches see them now. */
    public Segments segments() {
        return withSearcher(s -> {
            long docs = 0;
            long deleted = 0;
            long largest = 0;
            for (org.apache.lucene.index.LeafReaderContext leaf : s.getIndexReader().leaves()) {
                docs += leaf.reader().numDocs();
                deleted += leaf.reader().numDeletedDocs();
                largest = Math.max(largest, leaf.reader().maxDoc());
            }
            return new Segments(s.getIndexReader().leaves().size(), docs, deleted, largest);
        });
    }

    /** What {@link #mergeSegments} did: the segments before and after, and how long it took. */
    public record MergeResult(Segments before, Segments after, long millis) {
    }

    /**
     * Merges every segment into one, commits and makes it visible; searches and writes go on meanwhile, on the
     * segments as they were. At 1M customers it rewrites about 900 MB: 28 s on an idle machine.
     *
     * <p>It runs on the thread that rewrites segments after erasures, never beside such a rewrite: a merge that had
     * started before a customer was erased would carry the erased document into the new segment, deleted but still
     * in its files. An erasure meanwhile is purged right after it.
     *
     * @throws IndexException {@link IndexException.Reason#NO_SPACE} when the disk has less room than the index's size
     *                        plus {@code index.min_free_disk_mb} (the new segment is written before the old ones go),
     *                        or when the merge fails (the index stays as it was)
     */
    public MergeResult mergeSegments() {
        java.util.concurrent.Future<MergeResult> merged;
        try {
            merged = purger.submit(this::mergeIntoOne);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IndexException("cannot merge the segments of " + path + ": the index is closing", e);
        }
        try {
            return merged.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException("interrupted while the segments of " + path + " were merged (the merge goes on)",
                    e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IndexException ie) {
                throw ie;
            }
            throw new IndexException("merging the segments of " + path + " failed: " + e.getCause(), e.getCause());
        }
    }

    private MergeResult mergeIntoOne() throws IOException {
        checkWritable("cannot merge the segments of " + path);
        Segments before = segments();
        long size = sizeInBytes();
        if (!disk.hasRoomFor(size)) {
            throw new IndexException(String.format(java.util.Locale.ROOT, "cannot merge the segments of %s: the new "
                    + "segment needs about %,d MB beside the old ones, the disk has %,d MB free and %,d MB are kept "
                    + "free", path, size >> 20, disk.usableNow() >> 20, disk.minFree() >> 20), null,
                    IndexException.Reason.NO_SPACE);
        }
        long start = System.nanoTime();
        mergingIntoOne = true;
        try {
            writer.forceMerge(1, true);
            writer.commit();
        } catch (IOException | RuntimeException e) {
            if (mergeStopped) {
                throw stoppedMerge(before, e);
            }
            throw e;
        } finally {
            mergingIntoOne = false;
        }
        if (mergeStopped) { // the rollback aborted the merge before forceMerge noticed; nothing was committed
            throw stoppedMerge(before, null);
        }
        manager.maybeRefreshBlocking();
        MergeResult result = new MergeResult(before, segments(), (System.nanoTime() - start) / 1_000_000);
        LOG.info("merged {} segments of {} into {} in {} ms", before.count(), path, result.after().count(),
                result.millis());
        return result;
    }

    private IndexException stoppedMerge(Segments before, Throwable cause) {
        return new IndexException("the merge of " + path + " into one segment was stopped: the index closed before it "
                + "finished; the " + before.count() + " segments stay as they were (merged when asked again or at the "
                + "next quiet time)", cause);
    }

    /**
     * The mark of a clean stop the last program to commit this index left ({@link #markCleanStop}), or empty: none
     * recorded, or something committed after it (an import, a server that then crashed).
     */
    public Optional<String> cleanStopMark() {
        return Optional.ofNullable(cleanStopMark);
    }

    /**
     * Records {@code mark} in the final commit of {@link #close}, for the next open's {@link #cleanStopMark}. Call
     * last, once nothing writes any more: a write after it drops the mark again.
     */
    public void markCleanStop(String mark) {
        markedAtChange = changes.get();
        putCommitData(CLEAN_STOP_KEY, java.util.Objects.requireNonNull(mark, "mark"));
    }

    /** The live commit data (what the next commit will record). */
    private Map<String, String> commitData() {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(en -> data.put(en.getKey(), en.getValue()));
        }
        return data;
    }

    /** Sets (null: removes) one entry of the commit data, keeping the others. */
    private void putCommitData(String key, String value) {
        synchronized (commitDataLock) {
            Map<String, String> data = commitData();
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
            writer.setLiveCommitData(data.entrySet());
        }
    }

    public long commitCount() {
        return commitCount.get();
    }

    public double lastCommitMillis() {
        return lastCommitNanos.get() / 1e6;
    }

    /** How long the refresh after the last commit took (new searchers opened), in milliseconds. */
    public double lastRefreshMillis() {
        return lastRefreshNanos.get() / 1e6;
    }

    /** Total size of the index files in bytes. */
    public long sizeInBytes() {
        try {
            long total = 0;
            for (String f : directory.listAll()) {
                try {
                    total += directory.fileLength(f);
                } catch (IOException ignored) {
                    // a file merged away between list and length
                }
            }
            return total;
        } catch (IOException e) {
            throw new IndexException("cannot list " + path, e);
        }
    }

    /**
     * Copies the latest commit (after committing every write so far) into {@code target}, which must not exist or
     * be empty, and verifies the copy. Writes go on meanwhile; the commit is pinned until the copy is done.
     *
     * @throws IndexException if copying or verifying fails
     */
    public BackupInfo backup(Path target) {
        return backup(target, null).index();
    }

    /** A backup of the customer index and of its history (null when history is off or not asked for). */
    public record Backup(BackupInfo index, BackupInfo history) {
    }

    /**
     * As {@link #backup(Path)}, with the history index copied into {@code historyTarget} as well (when history is
     * on and the target is not null). The two copies are consistent: every version that a customer in the index
     * copy replaced is in the history copy (which may hold a version or two more, of writes still in flight).
     */
    public Backup backup(Path target, Path historyTarget) {
        awaitDurable(maxSequence());
        synchronized (purgeLock) {
            if (purgeFailure != null && purgeDone < purgeRequested) {
                schedulePurge(); // a rewrite that failed (a full disk, say) is tried again first
            }
        }
        awaitPurge(0); // a copy must not hold erased customers in its files
        IndexCommit commit = null;
        IndexCommit historyCommit = null;
        try {
            synchronized (backupLock) {
                commit = snapshots.snapshot();
                if (history != null && historyTarget != null) {
                    // The history's latest commit is the one made just before the index commit pinned above.
                    historyCommit = history.snapshot();
                }
            }
            BackupInfo index = IndexBackups.copy(commit, directory, target);
            return new Backup(index, historyCommit == null ? null : history.copy(historyCommit, historyTarget));
        } catch (IOException | IllegalStateException e) {
            throw new IndexException("backup of " + path + " to " + target + " failed: " + e.getMessage(), e);
        } finally {
            if (commit != null) {
                try {
                    snapshots.release(commit);
                    writer.deleteUnusedFiles();
                } catch (IOException e) {
                    LOG.warn("cannot release backup snapshot of {}", path, e);
                }
            }
            if (historyCommit != null) {
                try {
                    history.release(historyCommit);
                } catch (IOException e) {
                    LOG.warn("cannot release backup snapshot of the history of {}", path, e);
                }
            }
        }
    }

    /**
     * Records the current currency rates in the commit data (a change is logged; nothing depends on them), settles
     * the name collation (the configured one, else the index's own) and tells whether the index was written with
     * another schema version or collation, so it must be re-indexed ({@link #reindex}).
     */
    private boolean recordSchemaAndRates() throws IOException {
        Map<String, String> data = commitData();
        String version = data.get(SCHEMA_VERSION_KEY);
        String current = Integer.toString(CustomerSchema.SCHEMA_VERSION);
        String rates = currency.describe();
        String before = data.getOrDefault(CURRENCY_KEY, "none");
        String written = data.getOrDefault(COLLATION_KEY, NameCollation.ROOT);
        collation = settings.collation() == null ? written : settings.collation();
        if (current.equals(version) && rates.equals(before) && collation.equals(written)) {
            return false;
        }
        int docs;
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            docs = reader.numDocs();
        }
        if (!rates.equals(before) && docs > 0) {
            LOG.info("base currency and rates changed from [{}] to [{}]: spend figures follow at once (they are "
                    + "converted when read; nothing is re-indexed)", before, rates);
        }
        reindexTotal.set(docs);
        if (docs == 0) {
            // Nothing to rewrite: an empty (or new) index takes the current schema and collation at once.
            data.put(SCHEMA_VERSION_KEY, current);
            data.put(COLLATION_KEY, collation);
        } else if (!collation.equals(written)) {
            LOG.info("name collation changed from {} to {}: the names' sort keys are rewritten", written, collation);
        }
        data.put(CURRENCY_KEY, rates);
        synchronized (commitDataLock) {
            writer.setLiveCommitData(data.entrySet());
        }
        writer.commit();
        // The collation is recorded once the re-index has rewritten every sort key (a re-index stopped midway runs
        // again at the next open with this collation configured).
        return !current.equals(data.get(SCHEMA_VERSION_KEY)) || docs > 0 && !collation.equals(written);
    }

    /**
     * How far the re-index after a schema change is, while one is due or running ({@link #openDeferringReindex}).
     *
     * @param done  customers re-indexed so far
     * @param total customers to re-index
     */
    public record ReindexProgress(long done, long total) {
    }

    /** The re-index's progress while the index still holds customers indexed with an older schema, else empty. */
    public Optional<ReindexProgress> reindexing() {
        return reindexPending ? Optional.of(new ReindexProgress(reindexDone.get(), reindexTotal.get()))
                : Optional.empty();
    }

    /**
     * Rewrites every customer from its stored source with the current schema, when the index was written with an
     * older one (does nothing otherwise), then commits and records the schema version. Progress is logged every
     * ten seconds and reported to {@code progress} after each customer (with the count so far). A crash or
     * {@link #close} midway leaves the old version recorded, so the next open re-indexes again from the start.
     *
     * @throws IndexException if reading or writing fails, or the index is closed meanwhile
     */
    public void reindex(java.util.function.LongConsumer progress) {
        if (!reindexPending) {
            return;
        }
        synchronized (reindexDone) { // one re-index at a time
            if (!reindexPending) {
                return;
            }
            long start = System.nanoTime();
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                long total = reader.numDocs();
                reindexDone.set(0);
                reindexTotal.set(total);
                LOG.info("index schema version {} (collation {}) differs from {} ({}): re-indexing {} customers "
                        + "from their sources", commitData().get(SCHEMA_VERSION_KEY),
                        commitData().getOrDefault(COLLATION_KEY, NameCollation.ROOT), CustomerSchema.SCHEMA_VERSION,
                        collation, total);
                reindexAll(reader, progress, total, start);
                putCommitData(SCHEMA_VERSION_KEY, Integer.toString(CustomerSchema.SCHEMA_VERSION));
                putCommitData(COLLATION_KEY, collation);
                writer.commit();
                manager.maybeRefreshBlocking();
                reindexPending = false;
                // Merges during the re-index can take old documents into new segments before their worker deletes
                // them there (about 12 % deleted documents were left at 1M), which searches walk until later merges
                // happen to reclaim them. Their segments are rewritten now, in the background (merge threads, the
                // next commit records them): serving does not wait (at 100k nothing was left; at 1M the rewrite
                // was not measured).
                writer.forceMergeDeletes(false);
                LOG.info("re-indexed {} customers in {} s", reindexDone.get(),
                        (System.nanoTime() - start) / 1_000_000_000);
            } catch (IOException e) {
                throw new IndexException("cannot re-index " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Customers a re-index worker takes at a time. */
    private static final int REINDEX_CHUNK = 10_000;

    /**
     * Writes every live customer of {@code reader} again from its stored source, on as many threads as there are
     * cores (at most four). Each customer's new document is added and its old one deleted by its place in the
     * reader, so no delete by id is buffered (a buffered delete is looked up in every segment at each flush). Against
     * the one-thread re-index by {@code updateDocument} before it: 231 against 283 s for a million customers on two
     * idle cores (BENCHMARKS.md). Should a merge have taken the old document's segment away meanwhile, the new document replaces it by
     * id instead. Nothing is committed until the caller commits, so a crash midway leaves the index as it was.
     * During the re-index the writer's RAM buffer is that of an import (the API serves nothing meanwhile).
     */
    private void reindexAll(DirectoryReader reader, java.util.function.LongConsumer progress, long total, long start)
            throws IOException {
        record Chunk(LeafReaderContext leaf, int from, int to) {
        }
        List<Chunk> chunks = new ArrayList<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            for (int from = 0; from < leaf.reader().maxDoc(); from += REINDEX_CHUNK) {
                chunks.add(new Chunk(leaf, from, Math.min(leaf.reader().maxDoc(), from + REINDEX_CHUNK)));
            }
        }
        int threads = Math.max(1, Math.min(4, Math.min(chunks.size(), Runtime.getRuntime().availableProcessors())));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        Object progressLock = new Object();
        long[] nextLog = {start + TimeUnit.SECONDS.toNanos(10)};
        double buffer = writer.getConfig().getRAMBufferSizeMB();
        writer.getConfig().setRAMBufferSizeMB(Math.max(buffer, IndexSettings.IMPORT_RAM_BUFFER_MB));
        java.util.concurrent.Callable<Void> work = () -> {
            for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
                Chunk chunk = chunks.get(i);
                LeafReader leaf = chunk.leaf().reader();
                Bits liveDocs = leaf.getLiveDocs();
                StoredFields stored = leaf.storedFields(); // one per thread: not thread-safe
                for (int d = chunk.from(); d < chunk.to(); d++) {
                    if (liveDocs != null && !liveDocs.get(d)) {
                        continue;
                    }
                    if (closeRequested) {
                        throw new IndexException("the index at " + path + " closed during its re-index; it is "
                                + "re-indexed again at the next start");
                    }
                    if (failed.get()) {
                        return null; // another worker failed; its error is the re-index's
                    }
                    Customer c = CustomerSchema.fromStored(stored, d, currency);
                    Document doc = CustomerSchema.toDocument(c, collation);
                    if (writer.tryDeleteDocument(reader, chunk.leaf().docBase + d) != -1) {
                        writer.addDocument(doc);
                    } else {
                        writer.updateDocument(new Term(CustomerSchema.ID, c.id()), doc);
                    }
                    synchronized (progressLock) { // callers see the count rise one by one
                        long done = reindexDone.incrementAndGet();
                        progress.accept(done);
                        if (System.nanoTime() - nextLog[0] > 0) {
                            nextLog[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                            LOG.info("re-indexed {} of {} customers ({} %)", done, total, done * 100 / total);
                        }
                    }
                }
            }
            return null;
        };
        java.util.concurrent.Callable<Void> worker = () -> {
            try {
                return work.call();
            } catch (Exception | Error e) {
                failed.set(true);
                throw e;
            }
        };
        try {
            if (threads == 1) {
                work.call();
                return;
            }
            List<java.util.concurrent.Future<Void>> running = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                    Thread.ofPlatform().name("clientele-reindex-", 0).daemon(true).factory())) {
                for (int t = 0; t < threads; t++) {
                    running.add(pool.submit(worker));
                }
                for (var f : running) {
                    f.get();
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IndexException("cannot re-index " + path + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException("the re-index of " + path + " was interrupted; it is re-indexed again at the "
                    + "next start", e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IndexException("cannot re-index " + path + ": " + e.getMessage(), e);
        } finally {
            writer.getConfig().setRAMBufferSizeMB(buffer);
        }
    }

    /** Merges every segment into one and waits (tests: a merge that takes segments away, as during a re-index). */
    void mergeAllForTest() throws IOException {
        writer.forceMerge(1);
    }

    private void dropStaleCleanStopMark() {
        if (markedAtChange >= 0 && markedAtChange != changes.get()) {
            putCommitData(CLEAN_STOP_KEY, null); // written to after the mark: not the state it described
        }
    }

    /**
     * Closes the writer without waiting for a merge into one segment ({@link #mergeSegments}: half a minute at 1M),
     * from {@link #close} before it stops the committer: commits every write and the commit data, then rolls back,
     * which aborts running merges and deletes the files they had begun. What the merge had not finished is simply not
     * done; {@code IndexWriter.close} would wait for it.
     */
    private void commitAndRollBack() {
        dropStaleCleanStopMark();
        try {
            awaitDurable(maxSequence()); // through the committer, which still runs: it commits the history first
            synchronized (backupLock) {
                writer.commit(); // the commit data (a purge pending, the schema) when no write came after it
            }
        } catch (IndexException | IOException | org.apache.lucene.store.AlreadyClosedException e) {
            LOG.warn("final commit of {} failed: {}", path, e.getMessage());
        }
        try {
            writer.rollback();
        } catch (IOException e) {
            throw new IndexException("cannot close index at " + path, e);
        }
    }

    /**
     * Commits what is pending, stops the committer and closes the writer (without waiting for a merge into one
     * segment). Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closeRequested = true;
        synchronized (reindexDone) { // a re-index in progress stops at its next customer
        }
        // Erased customers leave the files before the index closes: a rewrite that runs or waits is finished.
        boolean purgeAhead;
        synchronized (purgeLock) {
            purger.shutdown();
            purgeAhead = purgeQueued || purgeRunning;
        }
        if (mergingIntoOne && !purgeAhead) {
            // A merge into one segment rewrites the whole index (half a minute at 1M customers) and the writer would
            // wait for it. Every acknowledged write is committed already, so commit what is left and roll the writer
            // back: that aborts the merge and deletes its unfinished files; the next quiet time merges again. An
            // erasure waiting behind the merge is not given up for this: then the close waits, as before.
            mergeStopped = true;
            commitAndRollBack();
        }
        try {
            if (!purger.awaitTermination(10, TimeUnit.MINUTES)) {
                LOG.warn("the purge of erased customers in {} did not end within 10 minutes; closing anyway (the "
                        + "next start finishes it)", path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (purgeLock) {
            purgeStopping = true;
            purgeLock.notifyAll();
        }
        try {
            if (writer.isOpen()) {
                awaitDurable(maxSequence());
            }
        } catch (IndexException | org.apache.lucene.store.AlreadyClosedException e) {
            LOG.warn("final commit failed: {}", e.getMessage());
        }
        synchronized (commitLock) {
            closing = true;
            commitLock.notifyAll();
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(30));
            manager.close();
            if (writer.isOpen()) {
                dropStaleCleanStopMark();
                // Lucene's own merges are waited for: short, and some are owed (the segments a re-index left
                // holding deleted documents are rewritten so, in the background, and recorded by this commit).
                writer.close();
            }
            directory.close();
            if (history != null) {
                history.close();
            }
        } catch (IOException e) {
            throw new IndexException("cannot close index at " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
