package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.App;
import dev.clientele.jobs.Job;
import dev.clientele.ops.Metrics;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void scrape_has_request_timers_by_route_template_and_index_and_jvm_gauges() {
        try (App app = App.start(TestKeys.config(dir))) {
            TestHttp admin = TestHttp.admin(app.port());
            assertThat(admin.post("/api/customers", "{\"first_name\":\"Ann\",\"last_name\":\"Lee\"}").statusCode())
                    .isEqualTo(201);
            assertThat(admin.get("/api/customers/C-does-not-exist-777").statusCode()).isEqualTo(404);
            HttpResponse<String> r = admin.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/plain"));
            String m = r.body();
            assertThat(m).contains("http_server_requests_seconds_count{method=\"POST\",status=\"201\","
                    + "uri=\"/api/customers\"} 1");
            assertThat(m).contains("http_server_requests_seconds_count{method=\"GET\",status=\"404\","
                    + "uri=\"/api/customers/{id}\"} 1");
            assertThat(m).doesNotContain("C-does-not-exist-777");
            assertThat(m).contains("clientele_index_size_bytes", "clientele_index_customers",
                    "clientele_index_commits", "clientele_index_last_commit_seconds", "jvm_memory_used_bytes",
                    "jvm_gc_");
            assertThat(m).containsPattern("clientele_index_commits(_total)? [1-9]");
        }
    }

    @Test
    void scrape_has_refresh_time_facet_cache_hits_and_job_progress() {
        try (App app = App.start(TestKeys.config(dir))) {
            TestHttp admin = TestHttp.admin(app.port());
            assertThat(admin.post("/api/customers", "{\"first_name\":\"Ann\",\"last_name\":\"Lee\","
                    + "\"address\":{\"country\":\"DE\"}}").statusCode()).isEqualTo(201);
            for (int i = 0; i < 2; i++) { // the second asks the cached counts of the first
                assertThat(admin.get("/api/search?facet=kind&country=DE&limit=0").statusCode()).isEqualTo(200);
            }
            String m = admin.get("/metrics").body();
            assertThat(m).contains("clientele_index_last_refresh_seconds");
            assertThat(m).containsPattern(
                    "clientele_cache_requests_total\\{cache=\"facet_counts\",result=\"hit\"} [1-9]");
            assertThat(m).contains("clientele_cache_requests_total{cache=\"facet_counts\",result=\"miss\"}",
                    "clientele_cache_hit_ratio{cache=\"facet_filters\"}");
            assertThat(m).contains("clientele_jobs_running{kind=\"import\"} 0.0",
                    "clientele_jobs_running{kind=\"edit\"} 0.0", "clientele_jobs_running{kind=\"dedup\"} 0.0",
                    "clientele_job_progress_ratio{kind=\"import\"} NaN");
        }
    }

    @Test
    void a_running_jobs_progress_is_its_done_over_its_total_and_a_queued_one_is_not_counted() {
        Instant t = Instant.parse("2026-11-27T03:00:00Z");
        Job running = new Job("import-1", "import", Job.State.RUNNING, 200, 50, Map.of(), 0, null, t, null, null,
                false, t, null, 0, false, "k");
        Job queued = new Job("import-2", "import", Job.State.RUNNING, 100, 0, Map.of(), 0, null, t, null, null,
                true, null, null, 0, false, "k");
        Job ended = new Job("edit-1", "edit", Job.State.SUCCEEDED, 10, 10, Map.of(), 0, null, t, t, null, false, t,
                null, 0, false, "k");
        List<Job> jobs = List.of(running, queued, ended);
        assertThat(Metrics.running(jobs, "import")).isEqualTo(1);
        assertThat(Metrics.progress(jobs, "import")).isEqualTo(0.25);
        assertThat(Metrics.running(jobs, "edit")).isZero();
        assertThat(Metrics.progress(jobs, "edit")).isNaN();
    }

    @Test
    void the_newest_backup_gauge_keeps_its_value_after_a_garbage_collection() throws Exception {
        try (App app = App.start(TestKeys.config(dir))) {
            TestHttp admin = TestHttp.admin(app.port());
            HttpResponse<String> made = admin.post("/api/admin/backups", "");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            long createdAt = java.time.Instant.parse(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(made.body()).path("created_at").asText()).getEpochSecond();
            // Micrometer holds a gauge's state object weakly: a gauge over a lambda that nothing else holds read NaN
            // ("no backup") once a collection had run, so an alert on backups that stopped fired on a healthy server.
            System.gc();
            String m = admin.get("/metrics").body();
            String line = m.lines().filter(l -> l.startsWith("clientele_backup_newest_seconds ")).findFirst()
                    .orElseThrow();
            assertThat(Double.parseDouble(line.substring(line.indexOf(' ') + 1))).isEqualTo((double) createdAt);
        }
    }

    @Test
    void metrics_need_at_least_the_reader_role() {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            assertThat(TestHttp.anonymous(app.port()).get("/metrics").statusCode()).isEqualTo(401);
        }
    }
}
