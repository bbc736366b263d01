package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.config.AppConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose disk has less room than it keeps free (here: it asks for a petabyte, which no test machine has):
 * writes are answered 507 problem+json, reads work, and health says why. That writes come back once there is room
 * is tested on the index ({@code LowDiskTest}).
 */
class LowDiskApiTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0)
                .withMinFreeDiskMb(1L << 30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void assertInsufficientStorage(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode p = json(r);
        assertThat(p.path("type").asText()).isEqualTo("/problems/insufficient-storage");
        assertThat(p.path("detail").asText()).contains("nearly full").contains("resume")
                .doesNotContain(dir.toString());
    }

    @Test
    void writes_get_507_and_reads_still_work() {
        assertInsufficientStorage(server.postJson("/api/customers",
                "{\"kind\":\"person\",\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}"));
        assertInsufficientStorage(server.putJson("/api/customers/by-external-id/crm-1",
                "{\"kind\":\"person\",\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}"));

        HttpResponse<String> list = server.get("/api/customers?limit=5");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).path("customers")).isEmpty();
        assertThat(server.get("/api/search?q=Kovacs").statusCode()).isEqualTo(200);
    }

    @Test
    void health_says_why_and_readiness_fails() {
        HttpResponse<String> h = server.get("/api/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(json(h).path("status").asText()).isEqualTo("read-only");
        assertThat(json(h).path("writable").asBoolean(true)).isFalse();
        assertThat(json(h).path("problem").asText()).contains("MB free");
        assertThat(server.get("/api/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void an_import_is_refused_before_its_upload_is_kept_and_the_connection_stays_usable() {
        StringBuilder csv = new StringBuilder("first_name,last_name,email\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append("Anna,Kovács").append(i).append(",anna").append(i).append("@example.com\n");
        }
        assertInsufficientStorage(server.send(server.request("/api/import?wait=true")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString(), StandardCharsets.UTF_8))));
        assertThat(dir.resolve("spool").toFile().list()).isNullOrEmpty();
        // A dry run writes nothing, so it is still answered.
        HttpResponse<String> dry = server.send(server.request("/api/import?dry_run=true")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString(), StandardCharsets.UTF_8)));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).path("report").path("imported").asInt()).isEqualTo(5_000);
    }

    @Test
    void a_bulk_request_answers_507_in_its_stream() {
        HttpResponse<String> r = server.send(server.request("/api/customers/_bulk")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("\n"
                        + "{\"kind\":\"person\",\"first_name\":\"Anna\",\"last_name\":\"Kovács\"}\n\n"
                        + "{\"kind\":\"person\",\"first_name\":\"Béla\",\"last_name\":\"Szabó\"}\n\n",
                        StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode line = parse(r.body().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(line.path("status").asInt()).as(r.body()).isEqualTo(507);
        // The error names the first line without a result (Anna's, line 2), where a client re-sends from.
        assertThat(line.path("line").asInt()).as(r.body()).isEqualTo(2);
        assertThat(line.path("error").path("detail").asText()).contains("were not stored");
    }

    private static JsonNode parse(String text) {
        try {
            return dev.clientele.json.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
