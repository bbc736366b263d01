package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.config.AppConfig;
import dev.clientele.testing.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/admin/optimize} and {@code GET /api/admin/optimize}: the index merged into one segment. */
class OptimizeApiTest {
    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(AppConfig config) {
        server = new TestServer(config.withPort(0).withDataDir(dir).withDemoCount(0));
        for (String name : new String[] {"Kovács", "Szabó", "Müller"}) {
            // each create is committed before it is answered: a segment each
            server.createCustomer("{\"first_name\":\"Anna\",\"last_name\":\"" + name + "\"}");
        }
        server.app().store().index().refresh();
    }

    @Test
    void waiting_for_the_merge_answers_the_segments_before_and_after_and_the_status_says_so_later() {
        start(AppConfig.DEFAULTS);
        int before = server.app().store().index().segments().count();
        assertThat(before).isGreaterThan(1);

        HttpResponse<String> r = server.postJson("/api/admin/optimize?wait=true", "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode m = json(r);
        assertThat(m.path("before").path("count").asInt()).isEqualTo(before);
        assertThat(m.path("after").path("count").asInt()).isEqualTo(1);
        assertThat(m.path("after").path("documents").asInt()).isEqualTo(3);
        assertThat(m.path("asked").asBoolean()).isTrue();
        assertThat(m.has("took_millis")).isTrue();
        assertThat(m.path("at").asText()).isNotBlank();

        JsonNode s = json(server.get("/api/admin/optimize"));
        assertThat(s.path("running").asBoolean()).isFalse();
        assertThat(s.path("segments").path("count").asInt()).isEqualTo(1);
        assertThat(s.path("worth_merging").asBoolean()).isFalse();
        assertThat(s.path("when_idle_seconds").asLong()).isEqualTo(AppConfig.DEFAULT_OPTIMIZE_WHEN_IDLE.toSeconds());
        assertThat(s.path("last")).isEqualTo(m);
        assertThat(s.path("last_error").isNull()).isTrue();
        assertThat(json(server.get("/api/search?q=Szabó")).path("total").asInt()).isEqualTo(1);
    }

    @Test
    void without_wait_it_answers_at_once_and_the_merge_goes_on() throws InterruptedException {
        start(AppConfig.DEFAULTS.withOptimizeWhenIdle(Duration.ZERO));

        HttpResponse<String> r = server.postJson("/api/admin/optimize", "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/admin/optimize");
        JsonNode s = json(r);
        assertThat(s.path("when_idle_seconds").isNull()).isTrue(); // index.optimize_when_idle: 0
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (json(server.get("/api/admin/optimize")).path("last").isNull() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(json(server.get("/api/admin/optimize")).path("last").path("after").path("count").asInt())
                .isEqualTo(1);
    }

    @Test
    void only_an_admin_may_merge_or_ask_how_it_stands() {
        start(AppConfig.DEFAULTS);
        String editor = json(server.postJson("/api/admin/keys", "{\"role\":\"editor\",\"name\":\"e\"}"))
                .path("key").asText();
        TestHttp http = TestHttp.admin(server.app().port()).withKey(editor);

        assertThat(http.post("/api/admin/optimize?wait=true", "").statusCode()).isEqualTo(403);
        assertThat(http.get("/api/admin/optimize").statusCode()).isEqualTo(403);
        assertThat(server.app().store().index().segments().count()).isGreaterThan(1);
    }
}
