package dev.clientele.index;

import java.io.IOException;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.util.BytesRef;

/**
 * Rewrites the segments holding deleted documents until erased customers are in no index file any more.
 *
 * <p>Why more than one {@code forceMergeDeletes}: it leaves alone the segments a merge is reading, and a merge that
 * started before a customer was erased copies that customer into its new segment, marked deleted but in the file.
 * So after each rewrite the erased ids are looked up in every segment, deleted documents included, and while one is
 * still there (the merge has not ended, or it ended and its new segment holds the customer) the rewrite is done
 * again, a moment later.
 */
final class Expunge {
    /** How long a rewrite waits at most for merges that were running when the customers were erased. */
    static final long MAX_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    private static final long PAUSE_MILLIS = 100;

    private Expunge() {
    }

    /**
     * Rewrites and commits until none of {@code ids} (terms of {@code idField}) is in a segment.
     *
     * @throws IOException when {@code stop} says so or {@link #MAX_NANOS} pass first (the customers are still in a
     *                     file; the caller tries again later)
     */
    static void untilGone(IndexWriter writer, SearcherManager manager, String idField, Collection<String> ids,
                          BooleanSupplier stop) throws IOException {
        long deadline = System.nanoTime() + MAX_NANOS;
        while (true) {
            writer.forceMergeDeletes(true);
            writer.commit();
            manager.maybeRefreshBlocking();
            if (!anyInFiles(manager, idField, ids)) {
                return;
            }
            if (stop.getAsBoolean() || System.nanoTime() > deadline) {
                throw new IOException("an erased customer is still in a segment that a merge running since before "
                        + "the erasure wrote; the rewrite is tried again");
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while erased customers were purged");
            }
        }
    }

    /**
     * Whether a deleted document of any of the ids is in a segment searches see now (a live one is not the erased
     * customer: the erasure deleted every document it had).
     */
    static boolean anyInFiles(SearcherManager manager, String idField, Collection<String> ids) throws IOException {
        if (ids.isEmpty()) {
            return false;
        }
        IndexSearcher s = manager.acquire();
        try {
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                Terms terms = leaf.reader().terms(idField);
                if (terms == null) {
                    continue;
                }
                TermsEnum te = terms.iterator();
                org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
                org.apache.lucene.index.PostingsEnum pe = null;
                for (String id : ids) {
                    if (!te.seekExact(new BytesRef(id))) {
                        continue;
                    }
                    pe = te.postings(pe, org.apache.lucene.index.PostingsEnum.NONE);
                    for (int d = pe.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                            d = pe.nextDoc()) {
                        if (live != null && !live.get(d)) {
                            return true; // a deleted document of the customer, still in the file
                        }
                    }
                }
            }
            return false;
        } finally {
            manager.release(s);
        }
    }
}
