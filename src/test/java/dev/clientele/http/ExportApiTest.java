package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
    void with_a_sort_the_rows_come_in_the_order_of_the_lists_pages() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            BrowseApiTest.load(server, 250, new ArrayList<>());
            String filters = "country=DE&country=RU&opted_out=false";
            for (String sort : List.of("-spend", "name", "relevance")) {
                List<String> paged = new ArrayList<>();
                String cursor = null;
                do {
                    var page = Json.MAPPER.readTree(server.get("/api/search?" + filters + "&limit=40&sort=" + sort
                            + (cursor == null ? "" : "&cursor=" + cursor)).body());
                    page.path("customers").forEach(c -> paged.add(c.path("id").asText()));
                    cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
                } while (cursor != null);
                HttpResponse<String> r = server.get("/api/export?format=csv&columns=id&" + filters + "&sort=" + sort);
                assertThat(r.body().lines().skip(1).toList()).as(sort).hasSizeGreaterThan(40)
                        .containsExactlyElementsOf(paged);
            }
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
    void csv_list_export_imports_again_with_nothing_rejected_and_the_same_data() {
        String exported;
        try (TestServer a = new TestServer(dir.resolve("a"))) {
            BrowseApiTest.load(a, 150, new ArrayList<>());
            a.createCustomer("{\"external_id\":\"rt-1\",\"first_name\":\"Александр\",\"last_name\":\"Иванов\","
                    + "\"company\":\"ООО «Ромашка»\",\"emails\":[\"a.ivanov@romashka.ru\",\"sasha@example.ru\"],"
                    + "\"phones\":[\"+7 495 123-45-67\",\"+7 916 000-00-01\"],\"tags\":[\"vip\",\"-1\"],"
                    + "\"consent\":{\"given\":true,\"date\":\"2024-01-15\"},"
                    + "\"marketing_opt_out\":{\"value\":true,\"date\":\"2024-02-01\"},"
                    + "\"address\":{\"city\":\"Москва\",\"country\":\"RU\"},\"preferred_channel\":\"in_person\","
                    + "\"purchases\":[{\"date\":\"2025-03-01\",\"product\":\"Spare parts\",\"amount\":1250.50,"
                    + "\"currency\":\"RUB\"}]}");
            a.createCustomer("{\"external_id\":\"rt-2\",\"kind\":\"company\",\"company\":\"'=Ltd\","
                    + "\"consent\":{\"given\":false},\"marketing_opt_out\":{\"value\":false,\"date\":\"2024-03-01\"}}");
            a.createCustomer("{\"external_id\":\"rt-3\",\"first_name\":\"Márton\",\"last_name\":\"Kovács\","
                    + "\"phones\":[\"+36 1 234 5678\"]}");
            a.app().store().index().refresh();
            HttpResponse<String> r = a.get("/api/export?format=csv&include_opted_out=true");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            exported = r.body();
            HttpResponse<String> dry = a.send(a.request("/api/import?dry_run=true").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(exported, StandardCharsets.UTF_8)));
            assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
            assertThat(TestServer.json(dry).path("report").path("rejected").asInt()).as(dry.body()).isZero();
            assertThat(TestServer.json(dry).path("unmapped_columns")).as(dry.body()).allSatisfy(c -> assertThat(
                    c.asText()).isIn("id", "lifetime_spend", "spend_currency", "uncounted_spend", "last_purchase_date", "purchase_count", "created_at",
                    "updated_at"));
        }
        Map<String, Map<String, String>> before = csvByExternalId(exported);
        assertThat(before).hasSize(153);
        assertThat(before.get("rt-1")).containsEntry("consent", "given").containsEntry("opted_out", "true")
                .containsEntry("opted_out_date", "2024-02-01");
        try (TestServer b = new TestServer(dir.resolve("b"))) {
            HttpResponse<String> imported = b.send(b.request("/api/import?wait=true").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(exported, StandardCharsets.UTF_8)));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(TestServer.json(imported).path("result").path("report").path("rejected").asInt()).isZero();
            b.app().store().index().refresh();
            Map<String, Map<String, String>> after = csvByExternalId(
                    b.get("/api/export?format=csv&include_opted_out=true").body());
            assertThat(after.keySet()).isEqualTo(before.keySet());
            for (String key : before.keySet()) {
                Map<String, String> expected = new HashMap<>(before.get(key));
                Map<String, String> actual = new HashMap<>(after.get(key));
                // Computed by the server from data the list export does not carry (purchases) or made anew.
                for (String computed : List.of("id", "lifetime_spend", "spend_currency", "uncounted_spend", "last_purchase_date", "purchase_count",
                        "created_at", "updated_at")) {
                    expected.remove(computed);
                    actual.remove(computed);
                }
                assertThat(actual).as(key).isEqualTo(expected);
            }
        }
    }

    /** Customers using every field a writer may set, in ways a round trip could lose. */
    private static final List<String> EVERY_FIELD = List.of(
            "{\"external_id\":\"full-1\",\"kind\":\"person\",\"first_name\":\"Александр\",\"last_name\":\"Иванов\","
            + "\"company\":\"ООО «Ромашка», филиал\",\"position\":\"Директор\","
            + "\"emails\":[\"a.ivanov@romashka.ru\",\"-sasha@example.ru\"],"
            + "\"phones\":[\"+7 495 123-45-67\",\"+7 916 000-00-01\"],"
            + "\"address\":{\"street\":\"ул. Тверская, 7\",\"city\":\"Москва\",\"region\":\"Московская область\","
            + "\"postal_code\":\"125009\",\"country\":\"RU\"},\"industry\":\"Wholesale\","
            + "\"website\":\"https://romashka.ru\",\"rep\":\"Anna Kovács\","
            + "\"notes\":\"=call back\\nsaid \\\"maybe\\\", later; ok\",\"tags\":[\"vip\",\"=x\",\"опт\"],"
            + "\"source\":\"trade fair\",\"birthday\":\"1980-05-31\",\"gender\":\"male\",\"language\":\"ru\","
            + "\"preferred_channel\":\"in_person\",\"contact_hours\":\"14-18\","
            + "\"consent\":{\"given\":true,\"date\":\"2024-01-15\"},"
            + "\"marketing_opt_out\":{\"value\":true,\"date\":\"2024-02-01\"},\"funnel_stage\":\"customer\","
            + "\"purchases\":[{\"date\":\"2025-03-01\",\"product\":\"Spare \\\"parts\\\", big\",\"amount\":1250.5,"
            + "\"currency\":\"RUB\"},{\"date\":\"2025-04-02\",\"product\":\"Tea\",\"amount\":3,\"currency\":\"EUR\"}]}",
            "{\"external_id\":\"full-2\",\"kind\":\"company\",\"company\":\"Árvíztűrő Tükörfúrógép Kft.\","
            + "\"phones\":[\"+36 1 234 5678\"],\"address\":{\"street\":\"Fő utca 1.\",\"city\":\"Győr\","
            + "\"postal_code\":\"9021\",\"country\":\"HU\"},\"consent\":{\"given\":false},"
            + "\"marketing_opt_out\":{\"value\":false,\"date\":\"2024-03-01\"}}",
            "{\"external_id\":\"full-3\",\"first_name\":\"Jürgen\",\"last_name\":\"Weiß\","
            + "\"emails\":[\"j@example.de\"],\"birthday\":\"1975-07-15\",\"gender\":\"diverse\"}");

    @Test
    void every_list_export_format_imports_again_losing_no_field() {
        Map<String, Customer> original = new HashMap<>();
        Map<String, String> exports = new HashMap<>();
        try (TestServer a = new TestServer(dir.resolve("a"))) {
            for (String json : EVERY_FIELD) {
                Customer c = customer(a.get("/api/customers/" + a.createCustomer(json)).body());
                original.put(c.externalId(), c);
            }
            a.app().store().index().refresh();
            for (String format : List.of("csv", "ndjson", "vcf")) {
                HttpResponse<String> r = a.get("/api/export?format=" + format + "&include_opted_out=true");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                exports.put(format, r.body());
            }
        }
        // The list export's CSV lacked notes, birthday, gender, contact hours and purchases; it had no vCard at all,
        // and a vCard had no industry, rep, source, channel, contact hours, consent, opt-out, stage or purchases.
        assertThat(exports.get("vcf")).startsWith("BEGIN:VCARD\r\n").contains("X-CLIENTELE-REP:Anna Kovács");
        assertThat(exports.get("csv").lines().findFirst().orElseThrow()).contains("notes", "birthday", "gender",
                "contact_hours", "purchases");
        for (String format : List.of("csv", "ndjson", "vcf")) {
            try (TestServer b = new TestServer(dir.resolve("b-" + format))) {
                HttpResponse<String> imported = b.send(b.request("/api/import?wait=true&format=" + format)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(exports.get(format), StandardCharsets.UTF_8)));
                assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
                assertThat(TestServer.json(imported).path("result").path("report").path("imported").asInt())
                        .as(format + ": " + imported.body()).isEqualTo(original.size());
                for (Customer c : original.values()) {
                    HttpResponse<String> got = b.get("/api/customers/by-external-id/" + c.externalId());
                    assertThat(got.statusCode()).as(format).isEqualTo(200);
                    Customer back = customer(got.body());
                    assertThat(back).as(format + " " + c.externalId()).usingRecursiveComparison()
                            .ignoringFields("id", "createdAt", "updatedAt", "version").isEqualTo(c);
                }
            }
        }
    }

    @Test
    void list_cells_are_neutralised_value_by_value() {
        try (TestServer server = new TestServer(dir)) {
            server.createCustomer("{\"first_name\":\"Anna\",\"phones\":[\"06 1 234 5678\",\"+36 1 234 5678\"],"
                    + "\"tags\":[\"vip\",\"=HYPERLINK(1)\",\"'@x\"]}");
            server.app().store().index().refresh();
            List<String> lines = server.get("/api/export?columns=first_name,phones,tags").body().lines().toList();
            // A spreadsheet that splits on ";" (Text to Columns, or a German Excel) made "=HYPERLINK(1)" a formula.
            assertThat(lines.get(1)).isEqualTo("Anna,06 1 234 5678; '+36 1 234 5678,vip; '=HYPERLINK(1); ''@x");
        }
    }

    private static Customer customer(String json) {
        try {
            return Json.MAPPER.readValue(json, Customer.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    /** CSV rows as column → cell maps, by external id. */
    private static Map<String, Map<String, String>> csvByExternalId(String csv) {
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it =
                new com.fasterxml.jackson.dataformat.csv.CsvMapper().readerForMapOf(String.class)
                        .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                        .readValues(csv)) {
            Map<String, Map<String, String>> out = new HashMap<>();
            for (Map<String, String> row : it.readAll()) {
                assertThat(out.put(row.get("external_id"), row)).as(row.get("external_id")).isNull();
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String idOf(String ndjsonLine) {
        try {
            return Json.MAPPER.readTree(ndjsonLine).path("id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(ndjsonLine, e);
        }
    }

    /** The ids of every page of a list, as the screen shows them, following next_cursor. */
    static List<String> pagedIds(TestServer server, String params) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = server.get("/api/search?limit=100&" + params
                    + (cursor == null ? "" : "&cursor=" + BrowseApiTest.enc(cursor)));
            JsonNode page = BrowseApiTest.json(r);
            page.path("customers").forEach(c -> ids.add(c.path("id").asText()));
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return ids;
    }

    @Test
    void export_has_the_customers_of_the_list_in_the_order_of_its_pages() {
        try (TestServer server = new TestServer(dir)) {
            List<Customer> customers = new ArrayList<>();
            BrowseApiTest.load(server, 250, customers);
            String lastName = customers.stream().map(Customer::lastName).filter(java.util.Objects::nonNull)
                    .findFirst().orElseThrow();
            for (String params : List.of("sort=-spend", "sort=name", "sort=-name&country=DE&country=RU",
                    "sort=-last_purchase", "sort=last_purchase", "sort=created", "sort=-updated", "facet=kind",
                    "q=" + BrowseApiTest.enc(lastName.substring(0, 3)) + "&sort=relevance")) {
                List<String> listed = pagedIds(server, params);
                // an export takes no facets (400): its default order is relevance, as the list's
                String exported = params.equals("facet=kind") ? "sort=relevance" : params;
                HttpResponse<String> csv = server.get("/api/export?format=csv&columns=id&include_opted_out=true&"
                        + exported);
                assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
                assertThat(csv.body().lines().skip(1).toList()).as(params).isEqualTo(listed).isNotEmpty();
                List<String> ndjson = server.get("/api/export?format=ndjson&include_opted_out=true&" + exported).body()
                        .lines().map(ExportApiTest::idOf).toList();
                assertThat(ndjson).as(params).isEqualTo(listed);
            }
        }
    }

    @Test
    void the_parameters_of_a_page_or_of_facet_counts_are_400_naming_them_as_an_export_writes_every_match() {
        try (TestServer server = new TestServer(dir)) {
            BrowseApiTest.load(server, 30, new ArrayList<>());
            // Each was ignored: limit=5 exported all 30, as did a cursor from a page of the list.
            for (String p : List.of("limit=5", "cursor=abc", "facet=region", "facet_limit=5", "facet_offset.rep=1",
                    "region_path=DE")) {
                HttpResponse<String> r = server.get("/api/export?format=csv&country=DE&" + p);
                assertThat(r.statusCode()).as(p + " " + r.body()).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(r.body()).as(p).contains("\"field\":\"" + p.substring(0, p.indexOf('=')) + "\"");
            }
            // sort orders the file and stays
            assertThat(server.get("/api/export?format=csv&country=DE&sort=name").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknown_format_or_column_is_a_bad_request() {
        try (TestServer server = new TestServer(dir)) {
            assertThat(server.get("/api/export?format=pdf").statusCode()).isEqualTo(400);
            assertThat(server.get("/api/export?columns=id,password").statusCode()).isEqualTo(400);
            for (String twice : List.of("columns=id,email,id", "columns=id&columns=id", "columns=tags,%20tags")) {
                HttpResponse<String> r = server.get("/api/export?" + twice);
                assertThat(r.statusCode()).as(twice).isEqualTo(400);
                assertThat(r.body()).as(twice).contains("\"field\":\"columns\"");
            }
            assertThat(server.get("/api/export?include_opted_out=maybe").statusCode()).isEqualTo(400);
        }
    }
}
