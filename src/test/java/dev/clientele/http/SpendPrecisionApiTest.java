package dev.clientele.http;

import static dev.clientele.http.BrowseApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spend filters, buckets, sums and sorting are exact to the 4 decimals an amount may have: 99.995 is below 100,
 * not rounded up to it.
 */
class SpendPrecisionApiTest {
    @TempDir
    Path dir;

    @Test
    void an_amount_with_four_decimals_is_filtered_bucketed_summed_and_sorted_exactly() {
        String day = LocalDate.now(ZoneOffset.UTC).minusDays(3).toString();
        try (TestServer server = new TestServer(dir)) {
            String below = buyer(server, "Below", day, "99.995");
            String exact = buyer(server, "Exact", day, "100");
            String tiny = buyer(server, "Tiny", day, "99.9999");
            server.app().store().index().refresh();

            assertThat(ids(server, "spend=0-100")).containsExactlyInAnyOrder(below, tiny);
            assertThat(ids(server, "spend=100-500")).containsExactly(exact);
            assertThat(ids(server, "spend_min=100")).containsExactly(exact);
            assertThat(ids(server, "spend_max=99.995")).containsExactly(below);
            assertThat(ids(server, "spend_min=99.9999")).containsExactlyInAnyOrder(exact, tiny);
            assertThat(ids(server, "spent_within=30d&spent_min=100")).containsExactly(exact);
            assertThat(ids(server, "spent_within=30d&spent_max=99.9999")).containsExactlyInAnyOrder(below, tiny);
            assertThat(ids(server, "sort=spend")).containsExactly(below, tiny, exact);

            JsonNode r = json(server.get("/api/search?facet=spend&spent_within=30d&kind=person"));
            JsonNode agg = r.path("aggregates");
            assertThat(agg.path("spend_sum").decimalValue()).isEqualByComparingTo("299.9949");
            assertThat(agg.path("window_spend_sum").decimalValue()).isEqualByComparingTo("299.9949");
            assertThat(agg.path("spend_avg").decimalValue()).isEqualByComparingTo("99.9983");
            Map<String, BigDecimal> buckets = new HashMap<>();
            Map<String, Long> counts = new HashMap<>();
            r.path("facets").path("spend").path("values").forEach(v -> {
                buckets.put(v.path("value").asText(), v.path("aggregates").path("spend_sum").decimalValue());
                counts.put(v.path("value").asText(), v.path("count").asLong());
            });
            assertThat(counts).containsEntry("0-100", 2L).containsEntry("100-500", 1L);
            assertThat(buckets.get("0-100")).isEqualByComparingTo("199.9949");
            assertThat(buckets.get("100-500")).isEqualByComparingTo("100");
        }
    }

    private static String buyer(TestServer server, String last, String day, String amount) {
        return server.createCustomer("{\"kind\":\"person\",\"first_name\":\"Anna\",\"last_name\":\"" + last
                + "\",\"purchases\":[{\"date\":\"" + day + "\",\"product\":\"p\",\"amount\":" + amount
                + ",\"currency\":\"EUR\"}]}");
    }

    private static List<String> ids(TestServer server, String params) {
        JsonNode r = json(server.get("/api/search?kind=person&limit=50&" + params));
        List<String> ids = new ArrayList<>();
        r.path("customers").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }
}
