package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.FacetFields;
import dev.clientele.store.CustomerStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeTest {
    @TempDir
    Path dir;

    @Test
    void a_record_matches_a_scope_exactly_when_the_scope_query_finds_it() {
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"))) {
            CustomerStore store = new CustomerStore(index);
            CustomerGenerator gen = new CustomerGenerator(7, List.of("hu", "de", "ru", "en"), 0.0,
                    LocalDate.of(2026, 11, 1));
            List<CustomerStore.BatchItem> items = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                items.add(CustomerStore.BatchItem.of(gen.next()));
            }
            store.writeBatch(items);
            index.refresh();
            List<Customer> all = index.page(null, 1000);
            Customer a = all.get(0);
            Customer b = all.get(all.size() - 1);
            String tag = all.stream().flatMap(c -> c.tags().stream()).findFirst().orElseThrow();
            ListSearcher lists = new ListSearcher(index, List.of(BigDecimal.ZERO), Clock.systemUTC());
            List<Map<String, List<String>>> scopes = List.of(
                    Map.of("rep", List.of(a.rep())),
                    Map.of("rep", List.of(a.rep(), b.rep()), "country", FacetFields.keywordValues(a, "country")),
                    Map.of("not_country", FacetFields.keywordValues(a, "country")),
                    Map.of("region", FacetFields.keywordValues(b, "region")),
                    Map.of("city", FacetFields.keywordValues(a, "city")),
                    Map.of("tag", List.of(tag)),
                    Map.of("kind", List.of("company")),
                    Map.of("industry", List.of("-" + a.industry())),
                    Map.of("consent", List.of("given"), "opted_out", List.of("false")),
                    Map.of("preferred_channel", FacetFields.keywordValues(a, "preferred_channel"),
                            "funnel_stage", FacetFields.keywordValues(b, "funnel_stage")));
            for (Map<String, List<String>> wire : scopes) {
                Scope scope = Scope.parse(wire);
                Set<String> expected = new HashSet<>();
                all.stream().filter(scope::matches).forEach(c -> expected.add(c.id()));
                Set<String> found = new HashSet<>();
                lists.forEachMatch(ListQuery.all(), null, scope, c -> found.add(c.id()));
                assertThat(found).as(wire.toString()).isEqualTo(expected).isNotEmpty().hasSizeLessThan(all.size());
                assertThat(lists.search(ListQuery.all(), null, scope).total()).as(wire.toString())
                        .isEqualTo(expected.size());
            }
        }
    }

    @Test
    void scopes_are_parsed_like_list_filters_and_refuse_what_they_cannot_enforce() {
        Scope s = Scope.parse(Map.of("tag", List.of("vip", " vip"), "country", List.of("-RU")));
        assertThat(s.toMap()).isEqualTo(Map.of("not_country", List.of("RU"), "tags", List.of("vip")));
        assertThat(Scope.parse(s.toMap())).isEqualTo(s);
        assertThat(Scope.parse(Map.of())).isSameAs(Scope.NONE);
        assertThat(Scope.NONE.unrestricted()).isTrue();
        for (Map<String, List<String>> bad : List.<Map<String, List<String>>>of(Map.of("colour", List.of("red")),
                Map.of("spend", List.of("100-500")), Map.of("last_purchase", List.of("30d")),
                Map.of("rep", List.of()), Map.of("rep", List.of(" ")), Map.of("q", List.of("x")))) {
            assertThatThrownBy(() -> Scope.parse(bad)).as(bad.toString()).isInstanceOf(InvalidSearchException.class)
                    .extracting(e -> ((InvalidSearchException) e).field()).asString().startsWith("scope.");
        }
    }
}
