package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.customer.Customer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved lists: create, list, reuse, delete, and durability across a restart. */
class ListsApiTest {
    @TempDir
    Path dir;

    @Test
    void a_saved_list_is_changed_with_put_keeping_who_saved_it_and_when() {
        String id;
        try (TestServer server = new TestServer(dir)) {
            List<Customer> customers = new ArrayList<>();
            BrowseApiTest.load(server, 60, customers);
            HttpResponse<String> created = server.postJson("/api/lists", "{\"name\":\"Germans\",\"query\":\"country=DE\"}");
            JsonNode before = dev.clientele.TestServer.json(created);
            id = before.path("id").asText();
            assertThat(before.path("created_by").asText()).isNotBlank();
            assertThat(before.path("updated_at").isNull()).isTrue();
            assertThat(server.postJson("/api/lists", "{\"name\":\"Austrians\",\"query\":\"country=AT\"}").statusCode())
                    .isEqualTo(201);

            HttpResponse<String> clash = server.putJson("/api/lists/" + id, "{\"name\":\"austrians\",\"query\":\"\"}");
            assertThat(clash.statusCode()).as(clash.body()).isEqualTo(409);
            assertThat(server.putJson("/api/lists/" + id, "{\"name\":\"x\",\"query\":\"contry=DE\"}").statusCode())
                    .isEqualTo(400);
            assertThat(server.putJson("/api/lists/nope", "{\"name\":\"x\",\"query\":\"\"}").statusCode())
                    .isEqualTo(404);

            HttpResponse<String> changed = server.putJson("/api/lists/" + id,
                    "{\"name\":\"German companies\",\"query\":{\"country\":\"DE\",\"kind\":\"company\"},"
                            + "\"sort\":\"name\"}");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            JsonNode after = BrowseApiTest.json(changed);
            assertThat(after.path("name").asText()).isEqualTo("German companies");
            assertThat(after.path("sort").asText()).isEqualTo("name");
            assertThat(after.path("created_at")).isEqualTo(before.path("created_at"));
            assertThat(after.path("created_by")).isEqualTo(before.path("created_by"));
            assertThat(after.path("updated_at").asText()).isNotBlank();
            long companies = customers.stream().filter(c -> c.kind().wire().equals("company") && c.address() != null
                    && "DE".equals(c.address().country())).count();
            assertThat(BrowseApiTest.json(server.get("/api/search?list=" + id)).path("total").asLong())
                    .isEqualTo(companies);
        }
        try (TestServer server = new TestServer(dir)) { // the change is on disk
            JsonNode list = BrowseApiTest.json(server.get("/api/lists/" + id));
            assertThat(list.path("name").asText()).isEqualTo("German companies");
            assertThat(list.path("query").asText()).contains("kind=company");
        }
    }

    @Test
    void a_saved_list_is_reused_listed_deleted_and_survives_a_restart() {
        String id;
        try (TestServer server = new TestServer(dir)) {
            List<Customer> customers = new ArrayList<>();
            BrowseApiTest.load(server, 150, customers);
            var created = server.postJson("/api/lists", "{\"name\":\"German companies\","
                    + "\"query\":{\"country\":[\"DE\",\"AT\"],\"kind\":\"company\",\"facet\":\"industry\"},"
                    + "\"sort\":\"-spend\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode list = BrowseApiTest.json(server.get(created.headers().firstValue("Location").orElseThrow()));
            id = list.path("id").asText();
            assertThat(list.path("name").asText()).isEqualTo("German companies");
            assertThat(list.path("sort").asText()).isEqualTo("-spend");

            JsonNode viaList = BrowseApiTest.json(server.get("/api/search?list=" + id + "&limit=100"));
            JsonNode direct = BrowseApiTest.json(server.get(
                    "/api/search?country=DE&country=AT&kind=company&facet=industry&sort=-spend&limit=100"));
            assertThat(viaList).isEqualTo(direct);
            assertThat(viaList.path("total").asLong()).isEqualTo(customers.stream()
                    .filter(c -> c.kind().wire().equals("company") && c.address() != null
                            && List.of("DE", "AT").contains(c.address().country())).count()).isPositive();
            // request parameters override the saved ones
            JsonNode narrowed = BrowseApiTest.json(server.get("/api/search?list=" + id + "&kind=person"));
            assertThat(narrowed.path("total").asLong()).isNotEqualTo(viaList.path("total").asLong());

            assertThat(server.postJson("/api/lists", "{\"name\":\"bad\",\"query\":\"facet=colour\"}").statusCode())
                    .isEqualTo(400);
            assertThat(server.postJson("/api/lists", "{\"name\":\" \",\"query\":\"\"}").statusCode()).isEqualTo(400);
            assertThat(server.postJson("/api/lists", "{\"name\":\"Recent\",\"query\":\"spent_within=30d&spent_min=1\"}")
                    .statusCode()).isEqualTo(201);
        }
        try (TestServer server = new TestServer(dir)) {
            JsonNode lists = BrowseApiTest.json(server.get("/api/lists")).path("lists");
            assertThat(lists).hasSize(2);
            assertThat(lists.get(0).path("name").asText()).isEqualTo("German companies");
            assertThat(server.delete("/api/lists/" + id).statusCode()).isEqualTo(204);
            assertThat(server.get("/api/lists/" + id).statusCode()).isEqualTo(404);
            assertThat(server.get("/api/search?list=" + id).statusCode()).isEqualTo(404);
            assertThat(server.delete("/api/lists/" + id).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void a_second_list_of_the_same_name_is_a_conflict() {
        try (TestServer server = new TestServer(dir)) {
            assertThat(server.postJson("/api/lists", "{\"name\":\"Kunden München\",\"query\":\"country=DE\"}")
                    .statusCode()).isEqualTo(201);
            for (String same : List.of("Kunden München", " kunden MÜNCHEN ", "Kunden Mu\u0308nchen")) {
                HttpResponse<String> r = server.postJson("/api/lists", "{\"name\":\"" + same
                        + "\",\"query\":\"country=AT\"}");
                assertThat(r.statusCode()).as(same + " " + r.body()).isEqualTo(409);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            }
            assertThat(BrowseApiTest.json(server.get("/api/lists")).path("lists")).hasSize(1);
            assertThat(server.postJson("/api/lists", "{\"name\":\"Kunden Münchens\",\"query\":\"\"}")
                    .statusCode()).isEqualTo(201);
        }
    }

    @Test
    void a_saved_advanced_query_stays_advanced_on_search_and_export() {
        try (TestServer server = new TestServer(dir)) {
            List<Customer> customers = new ArrayList<>();
            BrowseApiTest.load(server, 150, customers);
            String city = customers.stream().map(c -> c.address() == null ? null : c.address().city())
                    .filter(c -> c != null && c.matches("\\p{L}+")).findFirst().orElseThrow();
            var created = server.postJson("/api/lists", "{\"name\":\"In one city\",\"query\":{\"q\":\"city:"
                    + city + "\",\"advanced\":\"true\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = TestServer.json(created).path("id").asText();
            long inCity = customers.stream().filter(c -> c.address() != null && city.equals(c.address().city()))
                    .count();
            long expected = BrowseApiTest.json(server.get("/api/search?limit=0&facet=kind&advanced=true&q=city:"
                    + BrowseApiTest.enc(city))).path("total").asLong();
            assertThat(expected).isGreaterThanOrEqualTo(inCity).isPositive();
            assertThat(BrowseApiTest.json(server.get("/api/search?limit=0&list=" + id)).path("total").asLong())
                    .isEqualTo(expected);
            assertThat(server.get("/api/export?columns=id&include_opted_out=true&list=" + id).body().lines().count()
                    - 1).isEqualTo(expected);
        }
    }

    @Test
    void a_saved_list_keeps_its_columns_and_its_export_takes_them_when_asked() throws Exception {
        String id;
        try (TestServer server = new TestServer(dir)) {
            BrowseApiTest.load(server, 30, new ArrayList<>());
            HttpResponse<String> created = server.postJson("/api/lists", "{\"name\":\"Mailing\",\"query\":\"\","
                    + "\"columns\":[\"id\",\"first_name\",\"last_name\",\"company\",\"emails\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = TestServer.json(created).path("id").asText();
            assertThat(TestServer.json(server.get("/api/lists/" + id)).path("columns").toString())
                    .isEqualTo("[\"id\",\"first_name\",\"last_name\",\"company\",\"emails\"]");

            // Exporting a saved list has always given every column: that stays, the list's columns are asked for.
            String every = server.get("/api/export?include_opted_out=true&list=" + id).body().lines().findFirst()
                    .orElseThrow();
            assertThat(every).isEqualTo(String.join(",", ExportColumns.DEFAULT));
            HttpResponse<String> own = server.get("/api/export?include_opted_out=true&list_columns=true&list=" + id);
            assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
            assertThat(own.body().lines().findFirst().orElseThrow()).isEqualTo("id,first_name,last_name,company,emails");
            assertThat(own.body().lines().count()).isEqualTo(31);
            JsonNode line = dev.clientele.json.Json.MAPPER.readTree(server.get("/api/export?format=ndjson"
                    + "&include_opted_out=true&list_columns=true&list=" + id).body().lines().findFirst().orElseThrow());
            assertThat(line.properties().stream().map(java.util.Map.Entry::getKey)).containsExactly("id", "first_name", "last_name", "company", "emails");

            for (String bad : List.of("/api/export?list_columns=true", "/api/export?list_columns=true&columns=id&list="
                    + id, "/api/export?list_columns=maybe&list=" + id, "/api/export?format=vcf&list_columns=true&list="
                    + id)) {
                HttpResponse<String> r = server.get(bad);
                assertThat(r.statusCode()).as(bad + " " + r.body()).isEqualTo(400);
                assertThat(TestServer.json(r).path("errors").get(0).path("field").asText()).isEqualTo("list_columns");
            }
            for (String bad : List.of("[\"colour\"]", "[\"id\",\"id\"]", "[1]", "{\"a\":1}")) {
                HttpResponse<String> r = server.postJson("/api/lists", "{\"name\":\"x\",\"query\":\"\",\"columns\":"
                        + bad + "}");
                assertThat(r.statusCode()).as(bad + " " + r.body()).isEqualTo(400);
                assertThat(TestServer.json(r).path("errors").get(0).path("field").asText()).isEqualTo("columns");
            }
            // a list without columns exports every column, asked or not
            HttpResponse<String> plain = server.postJson("/api/lists", "{\"name\":\"All\",\"query\":\"\"}");
            assertThat(TestServer.json(plain).path("columns").isNull()).isTrue();
            assertThat(server.get("/api/export?list_columns=true&list=" + TestServer.json(plain).path("id").asText())
                    .body().lines().findFirst().orElseThrow()).isEqualTo(every);

            HttpResponse<String> changed = server.putJson("/api/lists/" + id,
                    "{\"name\":\"Mailing\",\"query\":\"\",\"columns\":\"last_name, emails\"}");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(TestServer.json(changed).path("columns").toString()).isEqualTo("[\"last_name\",\"emails\"]");
        }
        try (TestServer server = new TestServer(dir)) { // kept on disk
            assertThat(TestServer.json(server.get("/api/lists/" + id)).path("columns").toString())
                    .isEqualTo("[\"last_name\",\"emails\"]");
            HttpResponse<String> cleared = server.putJson("/api/lists/" + id, "{\"name\":\"Mailing\",\"query\":\"\"}");
            assertThat(TestServer.json(cleared).path("columns").isNull()).as(cleared.body()).isTrue();
        }
    }
}
