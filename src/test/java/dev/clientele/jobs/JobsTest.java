package dev.clientele.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
