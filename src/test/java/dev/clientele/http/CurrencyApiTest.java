package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.CurrencyRates;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spend in one base currency through the API: the customer, lists, export and import. */
class CurrencyApiTest {
    static final CurrencyRates EUR = new CurrencyRates("EUR", Map.of("HUF", new BigDecimal("0.0025"),
            "RUB", new BigDecimal("0.0098")));
    static final String HUF_AND_CHF = "{\"external_id\":\"c-1\",\"first_name\":\"Anna\",\"last_name\":\"Kovács\","
            + "\"purchases\":[{\"date\":\"2025-03-01\",\"product\":\"a\",\"amount\":100000,\"currency\":\"HUF\"},"
            + "{\"date\":\"2025-03-02\",\"product\":\"b\",\"amount\":1250.50,\"currency\":\"RUB\"},"
            + "{\"date\":\"2025-03-03\",\"product\":\"c\",\"amount\":120,\"currency\":\"CHF\"}]}";

    @TempDir
    Path dir;

    private TestServer server(CurrencyRates rates, String name) {
        return new TestServer(AppConfig.DEFAULTS.withPort(0).withDataDir(dir.resolve(name)).withDemoCount(0)
                .withCurrency(rates));
    }

    @Test
    void the_customer_and_its_lists_report_spend_in_the_base_currency_and_what_was_not_counted() {
        try (TestServer s = server(EUR, "a")) {
            HttpResponse<String> created = s.postJson("/api/customers", HUF_AND_CHF);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode c = TestServer.json(created);
            // 250.00 + 12.2549; the 120 CHF have no rate
            assertThat(c.path("lifetime_spend").decimalValue()).isEqualByComparingTo("262.2549");
            assertThat(c.path("spend_currency").asText()).isEqualTo("EUR");
            assertThat(created.body()).contains("\"uncounted_spend\":[{\"amount\":120.00,\"currency\":\"CHF\"}]");
            assertThat(c.path("purchases").get(0).path("amount").decimalValue()).isEqualByComparingTo("100000");
            assertThat(c.path("purchases").get(0).path("currency").asText()).isEqualTo("HUF");
            String id = c.path("id").asText();
            assertThat(TestServer.json(s.get("/api/customers/" + id)).path("lifetime_spend").decimalValue())
                    .isEqualByComparingTo("262.2549");
            s.app().store().index().refresh();

            JsonNode list = TestServer.json(s.get("/api/search?spend_min=262.2549&facet=spend"));
            assertThat(list.path("total").asLong()).isEqualTo(1);
            assertThat(list.path("spend_currency").asText()).isEqualTo("EUR");
            assertThat(list.path("aggregates").path("spend_sum").decimalValue()).isEqualByComparingTo("262.2549");
            assertThat(TestServer.json(s.get("/api/search?spend_min=262.255")).path("total").asLong()).isZero();
            assertThat(TestServer.json(s.get("/api/search?spend=100-500")).path("total").asLong()).isEqualTo(1);
            // the window holds the HUF and RUB purchases of March 1-2 only
            JsonNode window = TestServer.json(s.get("/api/search?spent_from=2025-03-01&spent_to=2025-03-02"
                    + "&spent_min=262"));
            assertThat(window.path("total").asLong()).isEqualTo(1);
            assertThat(window.path("aggregates").path("window_spend_sum").decimalValue())
                    .isEqualByComparingTo("262.2549");

            HttpResponse<String> csv = s.get("/api/export?format=csv&columns=external_id,lifetime_spend,"
                    + "spend_currency,uncounted_spend");
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
            assertThat(csv.body().lines().toList()).containsExactly(
                    "external_id,lifetime_spend,spend_currency,uncounted_spend", "c-1,262.2549,EUR,120.00 CHF");
        }
    }

    @Test
    void an_import_keeps_rows_with_a_currency_without_a_rate_and_warns_once_naming_it_and_the_config_key() {
        String file = "external_id,first_name,last_name,purchases\n"
                + "i-1,Anna,Kovács,\"[{\"\"date\"\":\"\"2025-01-01\"\",\"\"amount\"\":10,\"\"currency\"\":\"\"CHF\"\"}]\"\n"
                + "i-2,Béla,Nagy,\"[{\"\"date\"\":\"\"2025-01-01\"\",\"\"amount\"\":4000,\"\"currency\"\":\"\"HUF\"\"}]\"\n"
                + "i-3,Cecil,Kiss,\"[{\"\"date\"\":\"\"2025-01-02\"\",\"\"amount\"\":5,\"\"currency\"\":\"\"CHF\"\"}]\"\n";
        try (TestServer s = server(EUR, "b")) {
            HttpResponse<String> r = s.send(s.request("/api/import?wait=true").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(file, StandardCharsets.UTF_8)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode report = TestServer.json(r).path("result").path("report");
            assertThat(report.path("imported").asInt()).as(r.body()).isEqualTo(3);
            assertThat(report.path("rejected").asInt()).isZero();
            assertThat(report.path("warnings").findValuesAsText("message"))
                    .filteredOn(m -> m.contains("CHF")).singleElement()
                    .satisfies(m -> assertThat(m).contains("currency.rates"));
            s.app().store().index().refresh();
            JsonNode list = TestServer.json(s.get("/api/search?sort=spend&facet=spend"));
            assertThat(list.path("aggregates").path("spend_sum").decimalValue()).isEqualByComparingTo("10.00");
        }
    }

    @Test
    void without_a_base_currency_amounts_are_summed_as_they_are() {
        try (TestServer s = server(CurrencyRates.NONE, "c")) {
            JsonNode c = TestServer.json(s.postJson("/api/customers", HUF_AND_CHF));
            assertThat(c.path("lifetime_spend").decimalValue()).isEqualByComparingTo("101370.50");
            // without a base, the customer's JSON is what it was before base currencies existed
            assertThat(c.has("spend_currency")).isFalse();
            assertThat(c.has("uncounted_spend")).isFalse();
            s.app().store().index().refresh();
            JsonNode list = TestServer.json(s.get("/api/search?spend_min=100000"));
            assertThat(list.path("total").asLong()).isEqualTo(1);
            assertThat(list.path("spend_currency").isNull()).isTrue();
        }
    }
}
