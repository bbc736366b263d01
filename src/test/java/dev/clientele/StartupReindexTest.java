package dev.clientele;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.index.OldSchema;
import dev.clientele.json.Json;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-index after a schema change used to run before the server listened (minutes at 1M): now the server listens
 * at once, {@code /api/health} says how far the re-index is, and every other API route answers 503 with
 * Retry-After until it is done.
 */
class StartupReindexTest {
    @TempDir
    Path dir;

    @Test
    void a_server_started_with_another_name_collation_re_indexes_and_lists_by_it() throws Exception {
        AppConfig config = TestKeys.config(dir);
        try (App app = App.start(config)) {
            for (String last : List.of("Csizmadia", "Cukor", "Ördög", "Óvári")) {
                app.store().create(Customer.person("Anna", last));
            }
            assertThat(lastNamesByName(app)).containsExactly("Csizmadia", "Cukor", "Ördög", "Óvári");
        }
        try (App app = App.start(config.withCollation("hu"))) {
            assertThat(lastNamesByName(app)).containsExactly("Cukor", "Csizmadia", "Óvári", "Ördög");
        }
    }

    private static List<String> lastNamesByName(App app) throws Exception {
        JsonNode list = Json.MAPPER.readTree(TestHttp.admin(app.port()).get("/api/search?sort=name&limit=10").body());
        List<String> out = new ArrayList<>();
        list.path("customers").forEach(c -> out.add(c.path("last_name").asText()));
        return out;
    }

    @Test
    void the_server_listens_during_a_reindex_and_the_api_waits_for_it() throws Exception {
        AppConfig config = TestKeys.config(dir);
        List<String> ids = new ArrayList<>();
        try (App app = App.start(config)) {
            for (int i = 0; i < 5; i++) {
                ids.add(app.store().create(Customer.person("Anna" + i, "Kovács")).customer().id());
            }
        }
        OldSchema.mark(dir.resolve("index"));
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App app = App.startListening(config, done -> {
            if (done == 2) {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            assertThat(reached.await(60, TimeUnit.SECONDS)).as("the re-index reached its second customer").isTrue();
            TestHttp admin = TestHttp.admin(app.port());
            JsonNode health = Json.MAPPER.readTree(admin.get("/api/health").body());
            assertThat(health.path("status").asText()).isEqualTo("reindexing");
            assertThat(health.path("writable").asBoolean(true)).isFalse();
            assertThat(health.path("reindex").path("done").asLong()).isEqualTo(2);
            assertThat(health.path("reindex").path("total").asLong()).isEqualTo(ids.size());
            JsonNode keyless = Json.MAPPER.readTree(TestHttp.anonymous(app.port()).withKey("ck_nosuch_x").get(
                    "/api/health").body());
            assertThat(keyless.path("status").asText()).isEqualTo("reindexing");
            assertThat(keyless.has("reindex")).as("figures only with a key").isFalse();
            assertThat(admin.get("/api/ready").statusCode()).isEqualTo(503);
            assertThat(admin.get("/api/openapi.json").statusCode()).isEqualTo(200);
            for (HttpResponse<String> r : List.of(admin.get("/api/customers"), admin.get("/api/search?q=Anna"),
                    admin.get("/api/customers/" + ids.get(0)),
                    admin.post("/api/customers", "{\"first_name\":\"Bea\"}"))) {
                assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(503);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(Json.MAPPER.readTree(r.body()).path("type").asText()).endsWith("starting");
            }
        } finally {
            release.countDown();
        }
        try (app) {
            app.ready().join();
            TestHttp admin = TestHttp.admin(app.port());
            JsonNode health = Json.MAPPER.readTree(admin.get("/api/health").body());
            assertThat(health.path("status").asText()).isEqualTo("up");
            assertThat(health.has("reindex")).isFalse();
            assertThat(health.path("customers").asLong()).isEqualTo(ids.size());
            assertThat(admin.get("/api/customers/" + ids.get(0)).statusCode()).isEqualTo(200);
            assertThat(admin.post("/api/customers", "{\"first_name\":\"Bea\"}").statusCode()).isEqualTo(201);
        }
    }

    @Test
    void closing_during_a_reindex_stops_it_and_the_next_start_finishes_it() throws Exception {
        AppConfig config = TestKeys.config(dir);
        try (App app = App.start(config)) {
            for (int i = 0; i < 3; i++) {
                app.store().create(Customer.person("Anna" + i, "Kovács"));
            }
        }
        OldSchema.mark(dir.resolve("index"));
        CountDownLatch reached = new CountDownLatch(1);
        App app = App.startListening(config, done -> reached.countDown());
        assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
        app.close(); // the re-index stops at its next customer at the latest
        try (App again = App.start(config)) {
            assertThat(again.store().index().reindexing()).isEmpty();
            assertThat(again.store().index().count()).isEqualTo(3);
        }
    }
}
