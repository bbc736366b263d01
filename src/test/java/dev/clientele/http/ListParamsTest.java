package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.search.ListQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListParamsTest {
    @Test
    void parses_filters_negations_ranges_windows_facets_and_paging() {
        ListQuery q = ListParams.parse(SavedListRoutes.parseQuery("country=DE&country=AT&country=-RU&not_tag=vip"
                + "&tag=b2b&spend_min=10.5&created_from=2024-01-01&spent_within=12m&purchases_min=2"
                + "&facet=region,industry&facet=spend&facet_limit=5&facet_offset.industry=5&region_path=DE/Bayern"
                + "&sort=-last_purchase&limit=0&q=ignored"));
        assertThat(q.include()).isEqualTo(Map.of("country", List.of("DE", "AT"), "tags", List.of("b2b")));
        assertThat(q.exclude()).isEqualTo(Map.of("country", List.of("RU"), "tags", List.of("vip")));
        assertThat(q.spendMin()).isEqualByComparingTo(new BigDecimal("10.5"));
        assertThat(q.created()).isEqualTo(new ListQuery.TimeRange(Instant.parse("2024-01-01T00:00:00Z"), null));
        assertThat(q.window()).isEqualTo(new ListQuery.PurchaseWindow("12m", null, null, null, null, 2, null));
        assertThat(q.window().resolveFrom(LocalDate.of(2026, 3, 31))).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(q.facets()).containsExactly("region", "industry", "spend");
        assertThat(q.facetLimit()).isEqualTo(5);
        assertThat(q.facetOffsets()).isEqualTo(Map.of("industry", 5));
        assertThat(q.regionPath()).containsExactly("DE", "Bayern");
        assertThat(q.sort()).isEqualTo(ListQuery.SortOrder.LAST_PURCHASE_DESC);
        assertThat(q.limit()).isZero();
    }

    @Test
    void rejects_what_cannot_be_run_naming_the_parameter() {
        for (String[] c : new String[][] {{"limit=abc", "limit"}, {"spend_max=1.23456", "spend_max"},
            {"spent_within=30d&spent_from=2024-01-01", "spent_within"}, {"created_from=2024-02-01&created_to=2024-01-01",
                "created_to"}, {"sort=a&sort=b", "sort"}, {"facet=shoe", "facet"}}) {
            assertThatThrownBy(() -> ListParams.parse(SavedListRoutes.parseQuery(c[0]))).as(c[0])
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo(c[1]));
        }
    }

    @Test
    void updated_and_created_take_an_instant_with_its_offset_as_well_as_a_whole_day() {
        ListQuery q = ListParams.parse(SavedListRoutes.parseQuery("updated_from=2026-11-27T11:03:18.123Z"
                + "&updated_to=2026-11-27T12:04:00%2B01:00&created_to=2024-01-31"));
        assertThat(q.updated()).isEqualTo(new ListQuery.TimeRange(Instant.parse("2026-11-27T11:03:18.123Z"),
                Instant.parse("2026-11-27T11:04:00Z")));
        assertThat(q.created()).isEqualTo(new ListQuery.TimeRange(null, Instant.parse("2024-01-31T23:59:59.999Z")));
        // A time without its offset could be any of 24 hours: refused rather than guessed.
        for (String c : new String[] {"updated_from=2026-11-27T11:03:18", "updated_to=yesterday"}) {
            assertThatThrownBy(() -> ListParams.parse(SavedListRoutes.parseQuery(c))).as(c)
                    .isInstanceOfSatisfying(BadRequestException.class,
                            e -> assertThat(e.field()).isEqualTo(c.substring(0, c.indexOf('='))));
        }
        assertThatThrownBy(() -> ListParams.parse(SavedListRoutes.parseQuery(
                "updated_from=2026-11-27T11:00:00Z&updated_to=2026-11-27T10:59:59.999Z")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("updated_to"));
    }
}
