package dev.clientele.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JobsTest {
    @Test
    void a_job_reports_progress_counts_and_success() throws Exception {
        try (Jobs jobs = new Jobs()) {
            Job started = jobs.start("scan", p -> {
                p.total(10);
                for (int i = 0; i < 10; i++) {
                    p.advance(1);
                    p.count("pairs", 2);
                }
            });
            Job done = jobs.await(started.id(), Duration.ofSeconds(10));
            assertThat(done.state()).isEqualTo(Job.State.SUCCEEDED);
            assertThat(done.done()).isEqualTo(10);
            assertThat(done.total()).isEqualTo(10);
            assertThat(done.counts()).containsEntry("pairs", 20L);
            assertThat(jobs.list()).extracting(Job::id).contains(started.id());
        }
    }

    @Test
    void a_job_read_as_it_ends_reads_ended_only_with_the_counts_its_work_left() {
        // A client polls without pause; two thousand counters make each read long enough that a job's whole work
        // often falls inside one. A read that took the job's end from after its counters said "succeeded, done 0".
        List<String> counters = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "c" + i).toList();
        try (Jobs jobs = new Jobs()) {
            for (int round = 0; round < 200; round++) {
                Job started = jobs.start("scan", counters, p -> {
                    p.total(10);
                    for (int i = 0; i < 10; i++) {
                        p.advance(1);
                    }
                });
                Job seen;
                do {
                    seen = jobs.get(started.id()).orElseThrow();
                } while (!seen.state().ended());
                assertThat(seen.done()).as("round %d", round).isEqualTo(10);
            }
        }
    }

    @Test
    void given_counters_read_0_until_counted() throws Exception {
        try (Jobs jobs = new Jobs()) {
            Job started = jobs.start("scan", java.util.List.of("found", "kept", "extra"), p -> p.count("found", 2));
            Job done = jobs.await(started.id(), Duration.ofSeconds(10));
            assertThat(done.counts()).containsEntry("found", 2L).containsEntry("kept", 0L).containsEntry("extra", 0L);
            Job other = jobs.await(jobs.start("other", p -> { }).id(), Duration.ofSeconds(10));
            assertThat(other.counts()).isEmpty();
        }
    }

    @Test
    void a_failing_job_says_why() throws Exception {
        try (Jobs jobs = new Jobs()) {
            Job started = jobs.start("scan", p -> {
                throw new IllegalStateException("boom");
            });
            Job done = jobs.await(started.id(), Duration.ofSeconds(10));
            assertThat(done.state()).isEqualTo(Job.State.FAILED);
            assertThat(done.error()).contains("boom");
        }
    }

    @Test
    void jobs_of_one_kind_run_one_at_a_time_and_the_second_reads_queued() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstRuns = new CountDownLatch(1);
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicBoolean firstDone = new AtomicBoolean();
        try (Jobs jobs = new Jobs()) {
            Job first = jobs.start("import", p -> {
                firstRuns.countDown();
                await(release);
                firstDone.set(true);
            });
            assertThat(firstRuns.await(10, TimeUnit.SECONDS)).isTrue();
            Job second = jobs.start("import", p -> overlap.set(!firstDone.get()));
            Job otherKind = jobs.start("dedup", p -> { });
            assertThat(jobs.await(otherKind.id(), Duration.ofSeconds(10)).state()).isEqualTo(Job.State.SUCCEEDED);
            Job waiting = jobs.get(second.id()).orElseThrow();
            assertThat(waiting.state()).isEqualTo(Job.State.RUNNING); // a client polling while "running" keeps polling
            assertThat(waiting.queued()).isTrue();
            assertThat(waiting.runningSince()).isNull();
            assertThat(jobs.get(first.id()).orElseThrow().queued()).isFalse();
            release.countDown();
            assertThat(jobs.await(second.id(), Duration.ofSeconds(10)).state()).isEqualTo(Job.State.SUCCEEDED);
            assertThat(overlap).isFalse();
        }
    }

    @Test
    void a_queued_job_cancelled_never_runs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        try (Jobs jobs = new Jobs()) {
            Job first = jobs.start("import", p -> await(release));
            Job second = jobs.start("import", p -> ran.set(true));
            Job cancelled = jobs.cancel(second.id()).orElseThrow();
            assertThat(cancelled.state()).isEqualTo(Job.State.CANCELLED);
            assertThat(cancelled.queued()).isFalse();
            release.countDown();
            jobs.await(first.id(), Duration.ofSeconds(10));
            Job third = jobs.start("import", p -> { });
            jobs.await(third.id(), Duration.ofSeconds(10)); // the queue has moved past the cancelled job
            assertThat(ran).isFalse();
            assertThat(jobs.get(second.id()).orElseThrow().state()).isEqualTo(Job.State.CANCELLED);
            assertThat(jobs.cancel("no-such-job")).isEmpty();
        }
    }

    @Test
    void a_running_job_that_checks_ends_cancelled_and_one_that_does_not_ends_as_it_ends() throws Exception {
        try (Jobs jobs = new Jobs()) {
            CountDownLatch running = new CountDownLatch(1);
            Job stoppable = jobs.start("import", p -> {
                running.countDown();
                while (!p.cancelled()) {
                    Thread.onSpinWait();
                }
                p.count("rows_read", 3);
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            Job asked = jobs.cancel(stoppable.id()).orElseThrow();
            assertThat(asked.cancelRequested()).isTrue();
            Job stopped = jobs.await(stoppable.id(), Duration.ofSeconds(10));
            assertThat(stopped.state()).isEqualTo(Job.State.CANCELLED);
            assertThat(stopped.counts()).containsEntry("rows_read", 3L); // what it did before stopping is reported

            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Job unstoppable = jobs.start("scan", p -> {
                started.countDown();
                await(release);
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            jobs.cancel(unstoppable.id());
            release.countDown();
            assertThat(jobs.await(unstoppable.id(), Duration.ofSeconds(10)).state()).isEqualTo(Job.State.SUCCEEDED);
            Job ended = jobs.cancel(unstoppable.id()).orElseThrow(); // cancelling an ended job changes nothing
            assertThat(ended.state()).isEqualTo(Job.State.SUCCEEDED);
        }
    }

    @Test
    void closing_asks_a_running_job_to_stop_cancels_a_queued_one_and_a_job_started_after_never_runs() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        Jobs jobs = new Jobs();
        Job stoppable = jobs.start("import", p -> {
            running.countDown();
            while (!p.cancelled()) {
                if (Thread.currentThread().isInterrupted()) { // what failed an import's file read at a stop
                    interrupted.set(true);
                    return;
                }
                Thread.onSpinWait();
            }
            p.count("rows_read", 3); // what it did before stopping, made durable
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        Job queued = jobs.start("import", p -> ran.set(true));

        jobs.close();

        Job stopped = jobs.get(stoppable.id()).orElseThrow();
        assertThat(interrupted).isFalse();
        assertThat(stopped.state()).isEqualTo(Job.State.CANCELLED);
        assertThat(stopped.counts()).containsEntry("rows_read", 3L);
        assertThat(jobs.get(queued.id()).orElseThrow().state()).isEqualTo(Job.State.CANCELLED);
        Job late = jobs.start("scan", p -> ran.set(true));
        assertThat(late.state()).isEqualTo(Job.State.CANCELLED);
        assertThat(ran).isFalse();
    }

    @Test
    void the_rate_counts_the_named_counter_from_when_the_job_began_running() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
        try (Jobs jobs = new Jobs(clock)) {
            Job started = jobs.start("import", p -> {
                p.rateOf("rows_read");
                p.total(4000);
                p.done(1000);
                p.set("rows_read", 100);
                clock.plusSeconds(10);
            });
            Job done = jobs.await(started.id(), Duration.ofSeconds(10));
            assertThat(done.rateOf()).isEqualTo("rows_read");
            assertThat(done.rate()).isEqualTo(10.0); // rows per second
            assertThat(done.donePerSecond()).isEqualTo(100.0); // bytes per second
            assertThat(done.etaSeconds()).isNull(); // ended

            Job unnamed = jobs.start("scan", p -> {
                p.done(50);
                clock.plusSeconds(5);
            });
            assertThat(jobs.await(unnamed.id(), Duration.ofSeconds(10)).rate()).isEqualTo(10.0); // units per second
        }
    }

    @Test
    void a_failure_gives_its_reason_without_the_exception_class_and_one_without_a_reason_points_to_the_log()
            throws Exception {
        try (Jobs jobs = new Jobs()) {
            Job crashed = jobs.await(jobs.start("scan", p -> {
                throw new NullPointerException();
            }).id(), Duration.ofSeconds(10));
            assertThat(crashed.error()).contains("NullPointerException").contains("server log").contains(crashed.id());
            Job failed = jobs.await(jobs.start("scan", p -> {
                throw new IllegalStateException("the index is read-only");
            }).id(), Duration.ofSeconds(10));
            assertThat(failed.error()).isEqualTo("the index is read-only");
            Job refused = jobs.await(jobs.start("import", p -> {
                throw new Jobs.Refused(new IllegalArgumentException("row 7: a quote is never closed"));
            }).id(), Duration.ofSeconds(10));
            assertThat(refused.state()).isEqualTo(Job.State.FAILED);
            assertThat(refused.error()).isEqualTo("row 7: a quote is never closed");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A clock a job moves forward. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void plusSeconds(long s) {
            now = now.plusSeconds(s);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
