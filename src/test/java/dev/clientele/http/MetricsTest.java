package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.App;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
