package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.CurrencyRates;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Purchase;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexSettings;
import dev.clientele.store.CustomerStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changed rates (an edited config and a restart) take effect at the next open without rewriting the index: every
 * derived figure (the customer's lifetime spend, filters, sums, sort) follows the new rates, and switching the base
 * currency off gives back the unconverted sums.
 */
class CurrencyChangeTest {
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    static final CurrencyRates FIRST = new CurrencyRates("EUR", Map.of("HUF", new BigDecimal("0.0025")));
    static final CurrencyRates SECOND = new CurrencyRates("EUR", Map.of("HUF", new BigDecimal("0.0030"),
            "GBP", new BigDecimal("1.2")));

    @TempDir
    Path dir;

    private static Customer buyer(String name, Purchase... purchases) {
        return Customer.person(name, "Test").withPurchases(List.of(purchases));
    }

    private static Purchase buy(String amount, String currency, int daysAgo) {
        return new Purchase(TODAY.minusDays(daysAgo), "x", new BigDecimal(amount), currency);
    }

    private CustomerIndex open(CurrencyRates rates) {
        return CustomerIndex.open(dir.resolve("index"), IndexSettings.DEFAULTS.withCurrency(rates));
    }

    private static ListResult list(CustomerIndex index, ListQuery q) {
        return new ListSearcher(index, List.of(BigDecimal.ZERO, new BigDecimal("300")),
                ListSearcherTest.clockAt(TODAY)).search(q.withFacets("spend"));
    }

    private static long bucket(ListResult r, String key) {
        return r.facets().get("spend").values().stream().filter(v -> v.value().equals(key))
                .mapToLong(ListResult.FacetValue::count).sum();
    }

    private static Map<String, String> commitData(Path index) throws Exception {
        try (var d = FSDirectory.open(index); var r = DirectoryReader.open(d)) {
            return r.getIndexCommit().getUserData();
        }
    }

    @Test
    void figures_follow_the_rates_of_the_last_open_without_a_rewrite() throws Exception {
        String id;
        try (CustomerIndex index = open(FIRST)) {
            CustomerStore store = new CustomerStore(index);
            id = store.create(buyer("Hun", buy("100000", "HUF", 10))).customer().id();
            store.create(buyer("Brit", buy("200", "GBP", 10)));
            index.refresh();
            assertThat(index.get(id).orElseThrow().lifetimeSpend()).isEqualByComparingTo("250");
            ListResult r = list(index, ListQuery.all().withSpend(new BigDecimal("240"), null));
            assertThat(r.total()).isEqualTo(1); // the GBP purchase has no rate: not counted
            assertThat(r.aggregates().spendSum()).isEqualByComparingTo("250");
            assertThat(r.customers().getFirst().uncountedSpend()).isEmpty();
            assertThat(list(index, ListQuery.all()).customers()).filteredOn(c -> c.firstName().equals("Brit"))
                    .singleElement().satisfies(c -> assertThat(c.uncountedSpend()).singleElement()
                            .satisfies(m -> assertThat(m.currency()).isEqualTo("GBP")));
        }
        assertThat(commitData(dir.resolve("index"))).containsEntry("clientele.currency", FIRST.describe());
        try (CustomerIndex index = open(SECOND)) {
            assertThat(index.get(id).orElseThrow().lifetimeSpend()).isEqualByComparingTo("300");
            ListResult r = list(index, ListQuery.all().withSpend(new BigDecimal("250"), null)
                    .withPage(ListQuery.SortOrder.SPEND_DESC, 10, null));
            assertThat(r.customers()).extracting(Customer::firstName).containsExactly("Hun"); // 300; Brit: 240
            assertThat(list(index, ListQuery.all().withPage(ListQuery.SortOrder.SPEND, 10, null)).customers())
                    .extracting(Customer::firstName).containsExactly("Brit", "Hun");
            assertThat(r.customers().getFirst().lifetimeSpend()).isEqualByComparingTo("300");
            ListResult all = list(index, ListQuery.all().withWindow(new ListQuery.PurchaseWindow("30d", null, null,
                    null, null, null, null)));
            assertThat(all.aggregates().spendSum()).isEqualByComparingTo("540");
            assertThat(all.aggregates().windowSpendSum()).isEqualByComparingTo("540");
            assertThat(bucket(all, "300+")).isEqualTo(1);
            assertThat(bucket(all, "0-300")).isEqualTo(1);
            assertThat(all.spendCurrency()).isEqualTo("EUR");
        }
        assertThat(commitData(dir.resolve("index"))).containsEntry("clientele.currency", SECOND.describe());
        try (CustomerIndex index = open(CurrencyRates.NONE)) {
            // No base: the amounts as they are, as before base currencies existed.
            Customer c = index.get(id).orElseThrow();
            assertThat(c.lifetimeSpend()).isEqualByComparingTo("100000");
            assertThat(c.spendCurrency()).isNull();
            ListResult all = list(index, ListQuery.all());
            assertThat(all.aggregates().spendSum()).isEqualByComparingTo("100200");
            assertThat(all.spendCurrency()).isNull();
            assertThat(list(index, ListQuery.all().withSpend(new BigDecimal("100000"), null)).total()).isEqualTo(1);
        }
    }

    /**
     * A process that dies after a rate change, before the new rates reached the commit data, leaves an index whose
     * recorded rates are not the ones it is opened with: nothing in it depends on them, so the next open answers
     * with its own rates and records them.
     */
    @Test
    void an_index_whose_recorded_rates_are_stale_answers_with_the_rates_it_is_opened_with() throws Exception {
        String id;
        try (CustomerIndex index = open(FIRST)) {
            id = new CustomerStore(index).create(buyer("Hun", buy("100000", "HUF", 10))).customer().id();
        }
        try (var d = FSDirectory.open(dir.resolve("index"));
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            java.util.Map<String, String> data = new java.util.HashMap<>(commitData(dir.resolve("index")));
            data.put("clientele.currency", "EUR; HUF=9");
            w.setLiveCommitData(data.entrySet());
            w.commit();
        }
        try (CustomerIndex index = open(SECOND)) {
            assertThat(index.get(id).orElseThrow().lifetimeSpend()).isEqualByComparingTo("300");
            ListResult r = list(index, ListQuery.all().withSpend(new BigDecimal("300"), new BigDecimal("300")));
            assertThat(r.total()).isEqualTo(1);
            assertThat(r.aggregates().spendSum()).isEqualByComparingTo("300");
        }
        assertThat(commitData(dir.resolve("index"))).containsEntry("clientele.currency", SECOND.describe());
    }
}
