package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.TestServer;
import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/export}: all matches, opt-out rule, CSV injection neutralising, NDJSON round trip. */
class ExportApiTest {
    @TempDir
    Path dir;

    static boolean optedOut(Customer c) {
        return c.marketingOptOut() != null && Boolean.TRUE.equals(c.marketingOptOut().value());
    }

    @Test
    void csv_export_has_every_match_minus_opted_out_unless_asked() {
        try (TestServer server = new TestServer(dir)) {
            List<Customer> customers = new ArrayList<>();
            BrowseApiTest.load(server, 250, customers);
            HttpResponse<String> r = server.get("/api/export?format=csv&country=DE&country=RU"
                    + "&columns=id,first_name,last_name,email,tags");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
            List<String> lines = r.body().lines().toList();
            assertThat(lines.get(0)).isEqualTo("id,first_name,last_name,email,tags");
            List<String> ids = lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
            List<String> countries = List.of("DE", "RU");
            assertThat(ids).containsExactlyInAnyOrderElementsOf(customers.stream()
                    .filter(c -> c.address() != null && countries.contains(c.address().country()) && !optedOut(c))
                    .map(Customer::id).toList()).isNotEmpty();
            HttpResponse<String> withOptedOut = server.get("/api/export?format=csv&columns=id&include_opted_out=true");
            assertThat(withOptedOut.body().lines().count() - 1).isEqualTo(customers.size());
            assertThat(customers.stream().filter(ExportApiTest::optedOut).count()).isPositive();
        }
    }

    @Test
    void csv_cells_that_could_be_formulas_are_neutralised_and_quoted() {
        try (TestServer server = new TestServer(dir)) {
            String body = "{\"first_name\":\"=HYPERLINK(\\\"http://x\\\",\\\"a,b\\\")\",\"last_name\":\"@SUM(A1)\","
                    + "\"company\":\"+49 Co\",\"tags\":[\"-1\"]}";
            assertThat(server.postJson("/api/customers", body).statusCode()).isEqualTo(201);
            server.app().store().index().refresh();
            HttpResponse<String> r = server.get("/api/export?columns=first_name,last_name,company,tags&bom=true");
            List<String> lines = r.body().lines().toList();
            assertThat(lines.get(0)).startsWith("\uFEFFfirst_name");
            assertThat(lines.get(1)).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\",'@SUM(A1),'+49 Co,'-1");
        }
        assertThat(CsvWriter.cell("\tx")).isEqualTo("'\tx");
        assertThat(CsvWriter.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(CsvWriter.cell("plain")).isEqualTo("plain");
    }

    @Test
    void ndjson_export_round_trips_through_bulk_import() {
        String exported;
        List<Customer> original = new ArrayList<>();
        try (TestServer a = new TestServer(dir.resolve("a"))) {
            BrowseApiTest.load(a, 120, original);
            HttpResponse<String> r = a.get("/api/export?format=ndjson&include_opted_out=true");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
            exported = r.body();
        }
        assertThat(exported.lines().count()).isEqualTo(original.size());
        try (TestServer b = new TestServer(dir.resolve("b"))) {
            HttpResponse<String> imported = b.send(b.request("/api/customers/_bulk")
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(exported, StandardCharsets.UTF_8)));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            b.app().store().index().refresh();
            String again = b.get("/api/export?format=ndjson&include_opted_out=true").body();
            Map<String, Customer> byExternal = new HashMap<>();
            again.lines().forEach(l -> {
                try {
                    Customer c = Json.MAPPER.readValue(l, Customer.class);
                    byExternal.put(c.externalId(), c);
                } catch (Exception e) {
                    throw new AssertionError(l, e);
                }
            });
            assertThat(byExternal).hasSize(original.size());
            for (Customer c : original) {
                assertThat(byExternal.get(c.externalId()).sameDataAs(c)).as(c.externalId()).isTrue();
            }
        }
    }

    @Test
    void unknown_format_or_column_is_a_bad_request() {
        try (TestServer server = new TestServer(dir)) {
            assertThat(server.get("/api/export?format=xlsx").statusCode()).isEqualTo(400);
            assertThat(server.get("/api/export?columns=id,password").statusCode()).isEqualTo(400);
            assertThat(server.get("/api/export?include_opted_out=maybe").statusCode()).isEqualTo(400);
        }
    }
}
