package dev.clientele.http;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.config.AppConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/customers/{id}/purchases: recording sales without reading and rewriting the customer. */
class PurchasesApiTest {
    @TempDir
    Path dir;
    TestServer server;
    String id;

    @BeforeEach
    void start() {
        server = new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(0));
        id = server.createCustomer("{\"first_name\":\"Anna\",\"last_name\":\"Kovács\","
                + "\"purchases\":[{\"date\":\"2026-01-10\",\"product\":\"Tea\",\"amount\":10.50,\"currency\":\"EUR\"}]}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String body) {
        return server.postJson("/api/customers/" + id + "/purchases", body);
    }

    private JsonNode customer() {
        return json(server.get("/api/customers/" + id));
    }

    @Test
    void one_purchase_is_appended_as_a_new_version_and_the_spend_follows() {
        HttpResponse<String> r = post("{\"date\":\"2026-02-01\",\"product\":\"Teapot\",\"amount\":39.5,\"currency\":\"EUR\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
        JsonNode c = customer();
        assertThat(c.path("purchases")).hasSize(2);
        assertThat(c.path("purchases").get(1).path("product").asText()).isEqualTo("Teapot");
        assertThat(c.path("lifetime_spend").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(c.path("purchase_count").asInt()).isEqualTo(2);
        assertThat(c.path("last_purchase_date").asText()).isEqualTo("2026-02-01");
        assertThat(c.path("version").asLong()).isEqualTo(2);
        JsonNode history = json(server.get("/api/customers/" + id + "/history"));
        assertThat(history.path("versions").get(0).path("purchases")).hasSize(1);
    }

    @Test
    void several_purchases_in_an_array_are_one_version() {
        HttpResponse<String> r = post("[{\"date\":\"2026-02-01\",\"amount\":1},{\"date\":\"2026-02-02\",\"amount\":2}]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(customer().path("purchases")).hasSize(3);
        assertThat(customer().path("version").asLong()).isEqualTo(2);
    }

    @Test
    void a_bad_purchase_is_400_naming_the_field_as_sent_and_writes_nothing() {
        HttpResponse<String> single = post("{\"date\":\"2026-02-01\",\"amount\":-5}");
        assertThat(single.statusCode()).as(single.body()).isEqualTo(400);
        assertThat(fields(single)).containsExactly("amount");

        HttpResponse<String> array = post("[{\"date\":\"2026-02-01\",\"amount\":5},{\"amount\":5,\"currency\":\"XXQ\"}]");
        assertThat(array.statusCode()).as(array.body()).isEqualTo(400);
        assertThat(fields(array)).containsExactlyInAnyOrder("[1].date", "[1].currency");

        HttpResponse<String> wrongType = post("{\"date\":\"2026-02-01\",\"amount\":\"a lot\"}");
        assertThat(wrongType.statusCode()).as(wrongType.body()).isEqualTo(400);
        assertThat(fields(wrongType)).containsExactly("amount");

        for (String nothing : List.of("[]", "\"tea\"", "42", "null")) {
            HttpResponse<String> r = post(nothing);
            assertThat(r.statusCode()).as(nothing + " " + r.body()).isEqualTo(400);
        }
        assertThat(customer().path("version").asLong()).as("nothing written").isEqualTo(1);
        assertThat(customer().path("purchases")).hasSize(1);
    }

    @Test
    void sales_recorded_at_the_same_time_all_count() throws Exception {
        int threads = 4;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        statuses.add(post("{\"date\":\"2026-03-01\",\"amount\":1}").statusCode());
                    }
                    return statuses;
                }));
            }
            for (Future<List<Integer>> f : done) {
                assertThat(f.get()).containsOnly(201);
            }
        } finally {
            pool.shutdown();
        }
        JsonNode c = customer();
        assertThat(c.path("purchases")).hasSize(1 + threads * each);
        assertThat(c.path("lifetime_spend").decimalValue()).isEqualByComparingTo("50.50");
    }

    @Test
    void if_match_appends_only_to_that_version_and_unknown_or_merged_customers_are_refused() {
        HttpResponse<String> stale = server.send(server.request("/api/customers/" + id + "/purchases")
                .header("Content-Type", "application/json").header("If-Match", "\"7\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"2026-02-01\",\"amount\":1}")));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        HttpResponse<String> current = server.send(server.request("/api/customers/" + id + "/purchases")
                .header("Content-Type", "application/json").header("If-Match", "\"1\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"2026-02-01\",\"amount\":1}")));
        assertThat(current.statusCode()).as(current.body()).isEqualTo(201);

        assertThat(server.postJson("/api/customers/nobody/purchases", "{\"date\":\"2026-02-01\",\"amount\":1}")
                .statusCode()).isEqualTo(404);
        HttpResponse<String> text = server.send(server.request("/api/customers/" + id + "/purchases")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(text.statusCode()).isEqualTo(415);
    }

    private static List<String> fields(HttpResponse<String> r) {
        List<String> out = new ArrayList<>();
        json(r).path("errors").forEach(e -> out.add(e.path("field").asText()));
        return out;
    }
}
