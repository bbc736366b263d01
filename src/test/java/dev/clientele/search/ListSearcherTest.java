package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.text.Collator;
import com.ibm.icu.util.ULocale;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import dev.clientele.customer.Purchase;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.index.CustomerIndex;
import dev.clientele.search.ListQuery.PurchaseWindow;
import dev.clientele.search.ListQuery.SortOrder;
import dev.clientele.store.CustomerStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every count, bucket, sum and window filter of {@link ListSearcher} against a brute-force computation over the
 * same 500 generated customers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListSearcherTest {
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    static final List<BigDecimal> EDGES = List.of(new BigDecimal("0"), new BigDecimal("100"), new BigDecimal("500"),
            new BigDecimal("1000"), new BigDecimal("5000"));
    static final List<String> KEYWORD_DIMS = List.of("country", "region", "city", "industry", "rep", "kind", "tags",
            "funnel_stage", "preferred_channel", "consent", "opted_out");

    /** The rates of the index under test; brute-force window sums convert with them (see {@link #rates()}). */
    static dev.clientele.customer.CurrencyRates rates = dev.clientele.customer.CurrencyRates.NONE;

    @TempDir
    static Path dir;
    CustomerIndex index;
    CustomerStore store;
    List<Customer> customers = new ArrayList<>();

    @BeforeAll
    void build() {
        rates = rates();
        index = CustomerIndex.open(dir.resolve("index"),
                dev.clientele.index.IndexSettings.DEFAULTS.withCurrency(rates));
        store = new CustomerStore(index);
        CustomerGenerator gen = new CustomerGenerator(11, List.of("hu", "ru", "de", "en"), 0.03, TODAY);
        List<CustomerStore.BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(CustomerStore.BatchItem.of(gen.next()));
        }
        store.writeBatch(batch);
        index.refresh();
        index.forEach(customers::add);
        assertThat(customers).hasSize(500);
    }

    @AfterAll
    void close() {
        index.close();
    }

    /** No base currency: amounts of all currencies summed as they are. */
    dev.clientele.customer.CurrencyRates rates() {
        return dev.clientele.customer.CurrencyRates.NONE;
    }

    static Clock clockAt(LocalDate day) {
        return Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }

    ListSearcher searcher(LocalDate today) {
        return new ListSearcher(index, EDGES, clockAt(today));
    }

    // ---- brute force ------------------------------------------------------------------------------------------

    /** An amount in units of 0.0001, exactly (as the index keeps spend). */
    static long units(BigDecimal d) {
        return d.movePointRight(4).longValueExact();
    }

    static Set<String> values(Customer c, String dim, LocalDate today) {
        Set<String> out = new LinkedHashSet<>();
        var a = c.address();
        switch (dim) {
            case "country" -> add(out, a == null ? null : a.country());
            case "region" -> add(out, a == null ? null : a.region());
            case "city" -> add(out, a == null ? null : a.city());
            case "industry" -> add(out, c.industry());
            case "rep" -> add(out, c.rep());
            case "kind" -> add(out, c.kind() == null ? null : c.kind().wire());
            case "tags" -> c.tags().forEach(t -> add(out, t));
            case "funnel_stage" -> add(out, c.funnelStage());
            case "preferred_channel" -> add(out, c.preferredChannel() == null ? null : c.preferredChannel().wire());
            case "consent" -> out.add(c.consent() == null || c.consent().given() == null ? "unknown"
                    : c.consent().given() ? "given" : "not_given");
            case "opted_out" -> out.add(String.valueOf(c.marketingOptOut() != null
                    && Boolean.TRUE.equals(c.marketingOptOut().value())));
            case "spend" -> {
                long s = units(c.lifetimeSpend());
                for (int i = EDGES.size() - 1; i >= 0; i--) {
                    if (s >= units(EDGES.get(i))) {
                        out.add(i + 1 < EDGES.size() ? EDGES.get(i).toPlainString() + "-"
                                + EDGES.get(i + 1).toPlainString() : EDGES.get(i).toPlainString() + "+");
                        break;
                    }
                }
            }
            case "last_purchase" -> {
                LocalDate last = c.lastPurchaseDate();
                if (last == null) {
                    out.add("never");
                } else {
                    long age = today.toEpochDay() - last.toEpochDay();
                    for (int d : new int[] {30, 90, 365}) {
                        if (age <= d) {
                            out.add(d + "d");
                        }
                    }
                    if (age > 365) {
                        out.add("older");
                    }
                }
            }
            case "region_path" -> {
                if (a != null && a.country() != null) {
                    out.add(a.country());
                    if (a.region() != null) {
                        out.add(a.country() + "/" + a.region());
                        if (a.city() != null) {
                            out.add(a.country() + "/" + a.region() + "/" + a.city());
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException(dim);
        }
        return out;
    }

    private static void add(Set<String> out, String v) {
        if (v != null && !v.isBlank()) {
            out.add(v);
        }
    }

    /** [units, count] of purchases within [from, to]. */
    static long[] window(Customer c, LocalDate from, LocalDate to) {
        long sum = 0;
        long n = 0;
        for (Purchase p : c.purchases()) {
            if (p.date() != null && !p.date().isBefore(from) && !p.date().isAfter(to)) {
                BigDecimal base = p.amount() == null ? null : rates.toBase(p.amount(), p.currency());
                sum += base == null ? 0 : units(base);
                n++;
            }
        }
        return new long[] {sum, n};
    }

    /** Whether a customer passes the query's filters, leaving out those of the excluded dimensions. */
    static boolean matches(Customer c, ListQuery q, LocalDate today, Set<String> excludedDims) {
        for (var e : q.include().entrySet()) {
            if (!excludedDims.contains(e.getKey())
                    && values(c, e.getKey(), today).stream().noneMatch(e.getValue()::contains)) {
                return false;
            }
        }
        for (var e : q.exclude().entrySet()) {
            if (!excludedDims.contains(e.getKey())
                    && values(c, e.getKey(), today).stream().anyMatch(e.getValue()::contains)) {
                return false;
            }
        }
        long spend = units(c.lifetimeSpend());
        if (q.spendMin() != null && spend < units(q.spendMin()) || q.spendMax() != null && spend > units(q.spendMax())) {
            return false;
        }
        PurchaseWindow w = q.window();
        if (w != null && w.filters()) {
            long[] s = window(c, w.resolveFrom(today), w.resolveTo(today));
            if (w.spentMin() != null && s[0] < units(w.spentMin()) || w.spentMax() != null && s[0] > units(w.spentMax())
                    || w.purchasesMin() != null && s[1] < w.purchasesMin()
                    || w.purchasesMax() != null && s[1] > w.purchasesMax()) {
                return false;
            }
        }
        return true;
    }

    record Expected(long count, long spendCents, long windowCents) {
    }

    Map<String, Expected> expectedFacet(ListQuery q, String dim, LocalDate today) {
        Set<String> excluded = dim.equals("region_path") ? Set.of("country", "region", "city") : Set.of(dim);
        Map<String, long[]> acc = new TreeMap<>();
        for (Customer c : customers) {
            if (!matches(c, q, today, excluded)) {
                continue;
            }
            long w = q.window() == null ? 0 : window(c, q.window().resolveFrom(today), q.window().resolveTo(today))[0];
            for (String v : values(c, dim, today)) {
                long[] a = acc.computeIfAbsent(v, k -> new long[3]);
                a[0]++;
                a[1] += units(c.lifetimeSpend());
                a[2] += w;
            }
        }
        Map<String, Expected> out = new TreeMap<>();
        acc.forEach((k, a) -> out.put(k, new Expected(a[0], a[1], a[2])));
        return out;
    }

    static Map<String, Expected> actual(ListResult.Facet f, boolean window) {
        Map<String, Expected> out = new TreeMap<>();
        for (ListResult.FacetValue v : f.values()) {
            if (v.count() == 0) {
                continue;
            }
            out.put(v.path() != null ? v.path() : v.value(), new Expected(v.count(),
                    units(v.aggregates().spendSum()), window ? units(v.aggregates().windowSpendSum()) : 0));
        }
        return out;
    }

    void assertAgainstBruteForce(ListQuery q, LocalDate today) {
        ListQuery all = q.withFacets(ListQuery.FACET_DIMENSIONS.toArray(String[]::new))
                .withFacetPaging(1000, Map.of());
        ListResult r = searcher(today).search(all);
        List<Customer> expected = customers.stream().filter(c -> matches(c, q, today, Set.of())).toList();
        assertThat(r.total()).isEqualTo(expected.size());
        assertThat(r.aggregates().count()).isEqualTo(expected.size());
        assertThat(units(r.aggregates().spendSum()))
                .isEqualTo(expected.stream().mapToLong(c -> units(c.lifetimeSpend())).sum());
        if (q.window() != null) {
            assertThat(units(r.aggregates().windowSpendSum())).isEqualTo(expected.stream()
                    .mapToLong(c -> window(c, q.window().resolveFrom(today), q.window().resolveTo(today))[0]).sum());
        }
        for (String dim : ListQuery.FACET_DIMENSIONS) {
            if (dim.equals("region")) {
                continue; // a hierarchy: checked level by level in its own test
            }
            assertThat(actual(r.facets().get(dim), q.window() != null)).as("facet " + dim + " of " + q)
                    .isEqualTo(expectedFacet(q, dim, today));
        }
        if (!expected.isEmpty()) {
            assertThat(r.customers()).isNotEmpty();
        }
    }

    // ---- tests ------------------------------------------------------------------------------------------------

    @Test
    void match_all_counts_every_facet_value_and_sum_like_brute_force() {
        assertAgainstBruteForce(ListQuery.all(), TODAY);
    }

    @Test
    void or_within_and_across_dimensions_and_not_match_brute_force_with_multi_select_counts() {
        ListQuery q = ListQuery.all().withInclude("country", "DE", "HU").withInclude("kind", "person")
                .withExclude("tags", "vip", "newsletter");
        assertAgainstBruteForce(q, TODAY);
        // the selection really narrows, and a selected dimension still counts its unselected values
        ListResult r = searcher(TODAY).search(q.withFacets("country"));
        assertThat(r.total()).isLessThan(500).isPositive();
        assertThat(r.facets().get("country").values()).extracting(ListResult.FacetValue::value)
                .contains("RU", "GB");
    }

    @Test
    void range_buckets_and_spend_bounds_match_brute_force() {
        assertAgainstBruteForce(ListQuery.all().withInclude("spend", "100-500", "5000+")
                .withInclude("last_purchase", "365d"), TODAY);
        assertAgainstBruteForce(ListQuery.all().withSpend(new BigDecimal("50"), new BigDecimal("300.50"))
                .withInclude("last_purchase", "never", "older").withInclude("industry", "Retail", "Software",
                        "Finance"), TODAY);
    }

    @Test
    void purchase_window_filter_moves_with_the_clock() {
        ListQuery q = ListQuery.all().withWindow(new PurchaseWindow("30d", null, null, new BigDecimal("20"), null,
                null, null));
        assertAgainstBruteForce(q, TODAY);
        LocalDate later = TODAY.plusDays(200);
        assertAgainstBruteForce(q, later);
        long now = searcher(TODAY).search(q).total();
        long then = searcher(later).search(q).total();
        assertThat(now).isPositive();
        // generated purchases are all on or before TODAY, so nobody has bought within 30 days of TODAY+200
        assertThat(then).isZero();
        assertThat(searcher(TODAY.minusDays(100)).search(q).total()).isNotEqualTo(now);
    }

    @Test
    void purchase_counts_explicit_windows_and_window_aggregates_match_brute_force() {
        assertAgainstBruteForce(ListQuery.all().withWindow(new PurchaseWindow("12m", null, null, null, null, 2, 4)),
                TODAY);
        assertAgainstBruteForce(ListQuery.all().withWindow(new PurchaseWindow(null, TODAY.minusDays(400),
                TODAY.minusDays(100), null, new BigDecimal("150"), null, null)), TODAY);
        // a window without bounds only adds window sums
        assertAgainstBruteForce(ListQuery.all().withInclude("country", "RU")
                .withWindow(new PurchaseWindow("90d", null, null, null, null, null, null)), TODAY);
    }

    @Test
    void region_hierarchy_levels_match_brute_force_and_ignore_their_own_selection() {
        ListQuery q = ListQuery.all().withInclude("country", "DE").withInclude("kind", "company");
        Map<String, Expected> paths = expectedFacet(q, "region_path", TODAY);
        ListSearcher s = searcher(TODAY);
        ListResult.Facet top = s.search(q.withFacets("region").withFacetPaging(1000, Map.of())).facets().get("region");
        assertThat(actual(top, false)).isEqualTo(filterDepth(paths, 1));
        String country = "DE";
        ListResult.Facet regions = s.search(q.withFacets("region").withFacetPaging(1000, Map.of())
                .withRegionPath(country)).facets().get("region");
        assertThat(regions.path()).isEqualTo("DE");
        Map<String, Expected> expectedRegions = new TreeMap<>(filterDepth(paths, 2));
        expectedRegions.keySet().removeIf(k -> !k.startsWith(country + "/"));
        assertThat(actual(regions, false)).isEqualTo(expectedRegions).isNotEmpty();
        String region = expectedRegions.keySet().iterator().next().split("/")[1];
        ListResult.Facet cities = s.search(q.withFacets("region").withFacetPaging(1000, Map.of())
                .withRegionPath(country, region)).facets().get("region");
        Map<String, Expected> expectedCities = new TreeMap<>(filterDepth(paths, 3));
        expectedCities.keySet().removeIf(k -> !k.startsWith(country + "/" + region + "/"));
        assertThat(actual(cities, false)).isEqualTo(expectedCities).isNotEmpty();
    }

    private static Map<String, Expected> filterDepth(Map<String, Expected> paths, int depth) {
        Map<String, Expected> out = new TreeMap<>();
        paths.forEach((k, v) -> {
            if (k.split("/").length == depth) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void facet_paging_returns_the_next_values_in_count_order() {
        ListSearcher s = searcher(TODAY);
        ListQuery q = ListQuery.all().withFacets("industry");
        List<ListResult.FacetValue> all = s.search(q.withFacetPaging(1000, Map.of())).facets().get("industry").values();
        ListResult.Facet page2 = s.search(q.withFacetPaging(5, Map.of("industry", 5))).facets().get("industry");
        assertThat(page2.values()).isEqualTo(all.subList(5, 10));
        assertThat(page2.totalValues()).isEqualTo(all.size());
        assertThat(page2.hasMore()).isEqualTo(all.size() > 10);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).count()).isLessThanOrEqualTo(all.get(i - 1).count());
        }
    }

    @Test
    void facet_value_search_finds_folded_prefixes_under_the_filters() {
        ListSearcher s = searcher(TODAY);
        ListQuery q = ListQuery.all().withInclude("kind", "person").withInclude("rep", "nobody");
        // A person's rep, chosen independently of index order (batches are written by parallel lanes).
        String rep = customers.stream().filter(c -> c.kind() == Kind.PERSON && c.rep() != null)
                .map(Customer::rep).sorted().findFirst().orElseThrow();
        String prefix = rep.substring(0, 2).toUpperCase();
        List<ListResult.FacetValue> found = s.facetValues(q, null, Scope.NONE, "rep", prefix, 1000);
        Map<String, Long> expected = new TreeMap<>();
        for (Customer c : customers) {
            if (c.kind() == Kind.PERSON && c.rep() != null && matchesWordPrefix(c.rep(), prefix)) {
                expected.merge(c.rep(), 1L, Long::sum);
            }
        }
        Map<String, Long> actual = new TreeMap<>();
        found.forEach(v -> actual.put(v.value(), v.count()));
        assertThat(actual).isEqualTo(expected).containsKey(rep);
        assertThatThrownBy(() -> s.facetValues(q, null, Scope.NONE, "spend", "1", 10))
                .isInstanceOf(InvalidSearchException.class);
    }

    private static boolean matchesWordPrefix(String value, String prefix) {
        String v = ListSearcher.fold(value);
        String p = ListSearcher.fold(prefix);
        if (v.startsWith(p)) {
            return true;
        }
        for (String w : v.split("[\\s\\-/.,]+")) {
            if (w.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void cursor_paging_walks_every_match_once_in_sort_order() {
        ListSearcher s = searcher(TODAY);
        ListQuery q = ListQuery.all().withExclude("country", "RU");
        Predicate<Customer> match = c -> c.address() == null || !"RU".equals(c.address().country());
        for (SortOrder order : List.of(SortOrder.SPEND_DESC, SortOrder.LAST_PURCHASE_DESC, SortOrder.NAME,
                SortOrder.RELEVANCE, SortOrder.CREATED)) {
            List<Customer> seen = new ArrayList<>();
            String cursor = null;
            do {
                ListResult r = s.search(q.withPage(order, 37, cursor));
                seen.addAll(r.customers());
                cursor = r.nextCursor();
            } while (cursor != null);
            List<Customer> expected = customers.stream().filter(match).toList();
            assertThat(seen).extracting(Customer::id).as(order.wire())
                    .containsExactlyInAnyOrderElementsOf(expected.stream().map(Customer::id).toList())
                    .doesNotHaveDuplicates();
            Comparator<Customer> cmp = switch (order) {
                case SPEND_DESC -> Comparator.comparing(Customer::lifetimeSpend).reversed();
                case LAST_PURCHASE_DESC -> Comparator.comparing(Customer::lastPurchaseDate,
                        Comparator.nullsFirst(Comparator.<LocalDate>naturalOrder())).reversed();
                case NAME -> {
                    Collator col = Collator.getInstance(ULocale.ROOT);
                    yield (a, b) -> col.compare(sortName(a), sortName(b));
                }
                case CREATED -> Comparator.comparing(Customer::createdAt);
                // without a text query there is nothing to rank by: creation order
                case RELEVANCE -> Comparator.comparing(Customer::createdAt);
                default -> (a, b) -> 0;
            };
            assertThat(seen).as(order.wire()).isSortedAccordingTo(cmp.thenComparing(Customer::id));
        }
    }

    private static String sortName(Customer c) {
        if (c.kind() == Kind.COMPANY && c.company() != null) {
            return c.company();
        }
        return ((c.lastName() == null ? "" : c.lastName()) + " " + (c.firstName() == null ? "" : c.firstName()))
                .strip();
    }

    @Test
    void a_cursor_of_another_sort_is_rejected() {
        ListSearcher s = searcher(TODAY);
        String cursor = s.search(ListQuery.all().withPage(SortOrder.SPEND, 5, null)).nextCursor();
        assertThatThrownBy(() -> s.search(ListQuery.all().withPage(SortOrder.NAME, 5, cursor)))
                .isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> s.search(ListQuery.all().withPage(SortOrder.NAME, 5, "!!")))
                .isInstanceOf(InvalidSearchException.class);
    }

    @Test
    void export_walk_passes_exactly_the_matches() {
        ListQuery q = ListQuery.all().withInclude("opted_out", "false").withInclude("tags", "vip");
        List<String> seen = new ArrayList<>();
        long n = searcher(TODAY).forEachMatch(q, null, Scope.NONE, c -> seen.add(c.id()));
        List<String> expected = customers.stream().filter(c -> matches(c, q, TODAY, Set.of())).map(Customer::id)
                .toList();
        assertThat(n).isEqualTo(expected.size());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected).isNotEmpty();
    }

    @Test
    void export_walk_passes_the_matches_in_the_order_of_the_list_pages() {
        ListSearcher s = searcher(TODAY);
        ListQuery q = ListQuery.all().withExclude("country", "RU");
        for (SortOrder order : SortOrder.values()) {
            List<String> pages = new ArrayList<>();
            String cursor = null;
            do {
                ListResult r = s.search(q.withPage(order, 37, cursor));
                r.customers().forEach(c -> pages.add(c.id()));
                cursor = r.nextCursor();
            } while (cursor != null);
            // read 23 at a time, so the walk crosses many pages of its own; and with the default page, in one
            List<String> walked = new ArrayList<>();
            s.forEachMatch(q.withPage(order, 5, null), null, Scope.NONE, 23, c -> walked.add(c.id()));
            assertThat(walked).as(order.wire()).isEqualTo(pages).hasSizeGreaterThan(23 * 3);
            List<String> inOne = new ArrayList<>();
            s.forEachMatch(q.withPage(order, 5, null), null, Scope.NONE, c -> inOne.add(c.id()));
            assertThat(inOne).as(order.wire()).isEqualTo(pages);
        }
    }

    @Test
    void unknown_dimensions_and_bad_buckets_are_invalid_searches() {
        for (String empty : List.of("500-100", "100-100", "100-99.9999")) {
            assertThatThrownBy(() -> searcher(TODAY).search(ListQuery.all().withInclude("spend", empty))).as(empty)
                    .isInstanceOfSatisfying(InvalidSearchException.class, e -> assertThat(e.field()).isEqualTo("spend"));
        }
        assertThat(searcher(TODAY).search(ListQuery.all().withInclude("spend", "99.9999-100")).total())
                .isEqualTo(customers.stream().filter(c -> c.lifetimeSpend().compareTo(new BigDecimal("99.9999")) == 0)
                        .count());
        assertThatThrownBy(() -> ListQuery.all().withFacets("colour")).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> ListQuery.all().withInclude("colour", "red"))
                .isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> searcher(TODAY).search(ListQuery.all().withInclude("spend", "lots")))
                .isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> new PurchaseWindow("30x", null, null, null, null, null, null))
                .isInstanceOf(InvalidSearchException.class);
    }
}
