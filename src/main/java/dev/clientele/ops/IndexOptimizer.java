package dev.clientele.ops;

import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the index into one segment: when asked ({@code POST /api/admin/optimize}) and by itself once no customer
 * has been written for {@code index.optimize_when_idle} and the merge is worth it
 * ({@link CustomerIndex.Segments#worthMerging}: after an import, not for the small segments of single writes).
 *
 * <p>Why: an import of 1M customers leaves four or so large segments, and a search-box query looks each of its
 * terms up in every one; in one segment the same queries cost about a quarter less CPU (BENCHMARKS.md). Merging
 * rewrites the whole index (half a minute to two minutes at 1M), so it waits for a quiet time instead of running
 * after every import. Searches and writes go on during it, on the segments as they were.
 *
 * <p>One merge at a time: asking while one runs joins it. After a merge the search warm-up runs again, so the first
 * searches on the new segment do not read its term lists. Thread-safe; {@link #close} stops the timer; a merge in
 * progress is stopped by closing the index, which does not wait for it.
 */
public final class IndexOptimizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexOptimizer.class);
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofMinutes(1);

    /**
     * Where merging stands, for {@code GET /api/admin/optimize}.
     *
     * @param running      a merge is running
     * @param whenIdleSeconds seconds without writes after which the server merges by itself (null: never)
     * @param segments     the segments now
     * @param worthMerging whether a merge would now be done by itself ({@link CustomerIndex.Segments#worthMerging})
     * @param last         the last merge since start (null: none)
     * @param lastError    why the last merge failed, if it did
     */
    public record Status(boolean running, Long whenIdleSeconds, CustomerIndex.Segments segments, boolean worthMerging,
                         Merge last, String lastError) {
    }

    /** One merge: when it ended, the segments before and after, how long it took, and whether it was asked for. */
    public record Merge(Instant at, CustomerIndex.Segments before, CustomerIndex.Segments after, long tookMillis,
                        boolean asked) {
    }

    private final CustomerIndex index;
    private final Duration whenIdle;
    private final java.util.function.Consumer<java.util.function.BooleanSupplier> afterMerge;
    private volatile boolean closed;
    private final Clock clock;
    private final LongSupplier nanos;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("clientele-optimize").daemon(true).unstarted(r));
    private ScheduledExecutorService timer;
    private CompletableFuture<Merge> current; // guarded by this
    private volatile Merge last;
    private volatile String lastError;
    // Idle detection, on the timer's thread only.
    private long seenChanges = -1;
    private long quietSince;
    private long checkedChanges = -1;

    /**
     * @param whenIdle   how long without writes before a merge by itself; zero: never
     * @param afterMerge runs after each successful merge, on the merging thread (the search warm-up), given what
     *                   says to stop early (the server stops)
     */
    public IndexOptimizer(CustomerIndex index, Duration whenIdle,
                          java.util.function.Consumer<java.util.function.BooleanSupplier> afterMerge) {
        this(index, whenIdle, afterMerge, Clock.systemUTC(), System::nanoTime);
    }

    IndexOptimizer(CustomerIndex index, Duration whenIdle,
                   java.util.function.Consumer<java.util.function.BooleanSupplier> afterMerge, Clock clock,
                   LongSupplier nanos) {
        this.index = index;
        this.whenIdle = whenIdle == null || whenIdle.isNegative() ? Duration.ZERO : whenIdle;
        this.afterMerge = afterMerge;
        this.clock = clock;
        this.nanos = nanos;
    }

    /** Starts watching for quiet times (nothing when {@code whenIdle} is zero). */
    public synchronized void start() {
        if (whenIdle.isZero() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("clientele-optimize-timer").daemon(true).unstarted(r));
        long every = Math.max(1, Math.min(whenIdle.toMillis() / 4, MAX_CHECK_INTERVAL.toMillis()));
        timer.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("the index is merged into one segment after {} without writes, when worth it", whenIdle);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("checking whether to merge the index failed: {}", e.toString());
        }
    }

    /**
     * One look at the index: starts a merge when no write has come for {@code whenIdle} (as far as these looks
     * have seen) and the segments are worth merging. Each quiet time is looked at once, so a merge that is not
     * worth it, or failed, is not tried again until the next write.
     *
     * @return the merge started, or null
     */
    synchronized CompletableFuture<Merge> check() {
        long changes = index.changeCount();
        long now = nanos.getAsLong();
        if (changes != seenChanges) {
            seenChanges = changes;
            quietSince = now;
            return null;
        }
        if (now - quietSince < whenIdle.toNanos() || changes == checkedChanges || !index.isOpen()) {
            return null;
        }
        checkedChanges = changes;
        if (current != null || !index.segments().worthMerging()) {
            return null;
        }
        return start(false);
    }

    /** Merges now, or joins the merge that runs; the future fails as {@link CustomerIndex#mergeSegments} does. */
    public synchronized CompletableFuture<Merge> mergeNow() {
        return current != null ? current : start(true);
    }

    private CompletableFuture<Merge> start(boolean asked) {
        CompletableFuture<Merge> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("the server is stopping"));
            return f;
        }
        current = f;
        worker.execute(() -> {
            Merge m;
            try {
                CustomerIndex.MergeResult r = index.mergeSegments();
                m = new Merge(clock.instant(), r.before(), r.after(), r.millis(), asked);
                last = m;
                lastError = null;
                finish(f, m, null);
            } catch (RuntimeException e) {
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (closed) {
                    LOG.info("merging the index stopped with the server: {}", lastError);
                } else {
                    LOG.warn("merging the index failed: {}", lastError);
                }
                finish(f, null, e);
                return;
            }
            try {
                afterMerge.accept(() -> closed);
            } catch (RuntimeException e) {
                LOG.debug("the warm-up after a merge stopped: {}", e.toString());
            }
        });
        return f;
    }

    private synchronized void finish(CompletableFuture<Merge> f, Merge m, RuntimeException e) {
        current = null;
        if (e == null) {
            f.complete(m);
        } else {
            f.completeExceptionally(e);
        }
    }

    /**
     * Waits until the merging thread has nothing left to do, the warm-up after a merge included (at most {@code max}).
     *
     * @return whether it got there in time
     */
    public boolean awaitQuiet(Duration max) throws InterruptedException {
        if (worker.isShutdown()) { // closed: the merging thread ends once its last task has
            return worker.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            worker.submit(() -> { }).get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Why the last merge failed or was stopped (as {@link Status#lastError()}), or null. */
    String lastError() {
        return lastError;
    }

    public Status status() {
        CustomerIndex.Segments s = index.segments();
        boolean running;
        synchronized (this) {
            running = current != null;
        }
        return new Status(running, whenIdle.isZero() ? null : whenIdle.toSeconds(), s, s.worthMerging(), last,
                lastError);
    }

    /**
     * Stops the timer; after this no merge starts. A merge in progress is not waited for (half a minute at 1M
     * customers): closing the index stops it ({@link CustomerIndex#close}), and a caller waiting for it
     * ({@code wait=true}) is answered at once that the server is stopping. A warm-up after a merge is waited for (it
     * stops at its next query).
     */
    @Override
    public void close() {
        ScheduledExecutorService t;
        CompletableFuture<Merge> merging;
        synchronized (this) { // after this no merge starts (start checks it under the same lock)
            closed = true;
            t = timer;
            merging = current;
        }
        if (t != null) {
            t.shutdownNow();
        }
        worker.shutdown();
        if (merging != null) {
            merging.completeExceptionally(new IndexException("the server is stopping: the merge into one segment "
                    + "is stopped with it, and the segments stay as they were (merged at the next quiet time)"));
            return;
        }
        try {
            worker.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
