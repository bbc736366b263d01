package dev.clientele.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index merged into one segment by itself once writes stop, and by hand. */
class IndexOptimizerTest {
    private static final Duration IDLE = Duration.ofMinutes(30);

    @TempDir
    Path dir;
    CustomerIndex index;
    IndexOptimizer optimizer;
    final AtomicLong nanos = new AtomicLong();
    final AtomicInteger warmUps = new AtomicInteger();
    int written;

    @BeforeEach
    void open() {
        index = CustomerIndex.open(dir);
        optimizer = new IndexOptimizer(index, IDLE, stop -> warmUps.incrementAndGet(), Clock.systemUTC(), nanos::get);
    }

    @AfterEach
    void close() {
        optimizer.close();
        index.close();
    }

    /** A batch of customers committed as a segment of its own. */
    private void writeSegment(int customers) {
        long seq = -1;
        for (int i = 0; i < customers; i++) {
            seq = index.put(Customer.person("Anna", "Kovács" + written).withId(String.format("C%025d", written++)),
                    null);
        }
        index.awaitDurable(seq);
        index.refresh();
    }

    private void pass(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void an_index_left_in_several_segments_is_merged_once_writes_have_stopped_for_the_idle_time() throws Exception {
        writeSegment(20);
        writeSegment(20);
        assertThat(optimizer.check()).isNull(); // first look: the quiet time starts now
        pass(IDLE.minusMinutes(1));
        assertThat(optimizer.check()).isNull();
        pass(Duration.ofMinutes(1));

        IndexOptimizer.Merge m = optimizer.check().get(30, TimeUnit.SECONDS);

        assertThat(m.asked()).isFalse();
        assertThat(m.before().count()).isEqualTo(2);
        assertThat(m.after().count()).isEqualTo(1);
        assertThat(index.segments().count()).isEqualTo(1);
        pass(IDLE);
        assertThat(optimizer.check()).isNull(); // the same quiet time is not looked at twice
        assertThat(optimizer.status().last()).isEqualTo(m);
        awaitWarmUps(1);
    }

    @Test
    void a_write_starts_the_quiet_time_again() {
        writeSegment(20);
        writeSegment(20);
        assertThat(optimizer.check()).isNull();
        pass(IDLE.minusMinutes(5));
        writeSegment(1);
        assertThat(optimizer.check()).isNull();
        pass(Duration.ofMinutes(10));
        assertThat(optimizer.check()).isNull(); // 10 minutes since the write, not 35
        assertThat(index.segments().count()).isEqualTo(3);
    }

    @Test
    void the_small_segments_of_single_writes_beside_a_large_one_are_not_worth_a_merge() {
        writeSegment(200);
        writeSegment(1);
        writeSegment(1);
        optimizer.check();
        pass(IDLE);
        assertThat(optimizer.check()).isNull();
        assertThat(index.segments().count()).isEqualTo(3);
        assertThat(optimizer.status().worthMerging()).isFalse();
        assertThat(optimizer.status().last()).isNull();
    }

    @Test
    void asked_by_hand_it_merges_at_once_and_says_so() throws Exception {
        writeSegment(200);
        writeSegment(1);

        IndexOptimizer.Merge m = optimizer.mergeNow().get(30, TimeUnit.SECONDS);

        assertThat(m.asked()).isTrue();
        assertThat(m.after().count()).isEqualTo(1);
        IndexOptimizer.Status s = optimizer.status();
        assertThat(s.running()).isFalse();
        assertThat(s.whenIdleSeconds()).isEqualTo(IDLE.toSeconds());
        assertThat(s.segments().count()).isEqualTo(1);
        assertThat(s.lastError()).isNull();
    }

    @Test
    void stopping_during_a_merge_does_not_wait_for_it_and_the_status_says_it_was_stopped() throws Exception {
        optimizer.close();
        index.close();
        dev.clientele.index.HeldMerge held = new dev.clientele.index.HeldMerge();
        index = held.open(dir);
        optimizer = new IndexOptimizer(index, IDLE, stop -> warmUps.incrementAndGet(), Clock.systemUTC(), nanos::get);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            writeSegment(200);
            writeSegment(1);
            held.holdNext();
            java.util.concurrent.CompletableFuture<IndexOptimizer.Merge> merge = optimizer.mergeNow();
            held.awaitHeld();

            // Returns while the merge is held (it waited for the merge to end: half a minute at 1M customers), and a
            // caller waiting for the merge is answered.
            pool.submit(optimizer::close).get(30, TimeUnit.SECONDS);
            assertThat(merge).isCompletedExceptionally();
            Thread[] closer = new Thread[1];
            java.util.concurrent.Future<?> closed = pool.submit(() -> { // stops the merge
                closer[0] = Thread.currentThread();
                index.close();
            });
            while (closer[0] == null || !rollingBack(closer[0])) { // released once the merge is being stopped
                assertThat(closed.isDone()).isFalse();
                Thread.onSpinWait();
            }
            held.release();
            closed.get(30, TimeUnit.SECONDS);
            assertThat(optimizer.awaitQuiet(Duration.ofSeconds(30))).isTrue();
        } finally {
            held.release();
            pool.shutdownNow();
        }
        assertThat(optimizer.lastError()).contains("stopped").contains("segments stay as they were");
        assertThat(warmUps.get()).isZero();
        index = CustomerIndex.open(dir);
        assertThat(index.segments().count()).isEqualTo(2);
        assertThat(index.count()).isEqualTo(201);
    }

    @Test
    void without_an_idle_time_the_status_says_it_never_merges_by_itself() {
        optimizer.close();
        optimizer = new IndexOptimizer(index, Duration.ZERO, stop -> { }, Clock.systemUTC(), nanos::get);
        optimizer.start(); // no timer
        assertThat(optimizer.status().whenIdleSeconds()).isNull();
    }

    /** True when the thread waits for Lucene's writer to abort its merges. */
    private static boolean rollingBack(Thread t) {
        return (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                && java.util.Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getMethodName().equals("abortMerges"));
    }

    private void awaitWarmUps(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (warmUps.get() < n && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(warmUps.get()).isEqualTo(n);
    }
}
