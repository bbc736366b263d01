package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.CurrencyRates;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Purchase;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link ListSearcherTest} (counts, buckets, sums, window filters, sorting, against brute force) with
 * a base currency: the generated customers buy in HUF, RUB, EUR and GBP, and GBP has no rate here, so its
 * purchases are not counted. The brute force converts each purchase with {@link CurrencyRates#toBase}.
 */
class BaseCurrencyListSearcherTest extends ListSearcherTest {
    static final CurrencyRates EUR = new CurrencyRates("EUR", Map.of("HUF", new BigDecimal("0.0025"),
            "RUB", new BigDecimal("0.0098"), "USD", new BigDecimal("0.92")));

    @Override
    CurrencyRates rates() {
        return EUR;
    }

    @Test
    void the_customers_read_back_have_their_spend_in_the_base_currency_and_list_what_is_not_counted() {
        boolean sawUncounted = false;
        for (Customer c : customers) {
            assertThat(c.spendCurrency()).isEqualTo("EUR");
            BigDecimal expected = BigDecimal.ZERO;
            BigDecimal usd = BigDecimal.ZERO;
            for (Purchase p : c.purchases()) {
                if (p.amount() == null) {
                    continue;
                }
                if ("GBP".equals(p.currency())) {
                    usd = usd.add(p.amount());
                } else {
                    expected = expected.add(EUR.toBase(p.amount(), p.currency()));
                }
            }
            assertThat(c.lifetimeSpend()).as(c.id()).isEqualByComparingTo(expected);
            BigDecimal usdTotal = usd;
            if (usd.signum() > 0) {
                sawUncounted = true;
                assertThat(c.uncountedSpend()).as(c.id()).singleElement().satisfies(m -> {
                    assertThat(m.currency()).isEqualTo("GBP");
                    assertThat(m.amount()).isEqualByComparingTo(usdTotal);
                });
            } else {
                assertThat(c.uncountedSpend()).as(c.id()).isEmpty();
            }
        }
        assertThat(sawUncounted).as("some generated customers buy in GBP").isTrue();
        assertThat(searcher(TODAY).search(ListQuery.all()).spendCurrency()).isEqualTo("EUR");
    }

    @Test
    void a_spend_filter_compares_converted_spend_not_the_sum_of_raw_amounts() {
        // A Hungarian customer with 100,000 HUF of purchases spent 250 EUR, not 100,000.
        Set<String> hungarians = Set.copyOf(customers.stream()
                .filter(c -> c.purchases().stream().anyMatch(p -> "HUF".equals(p.currency())))
                .map(Customer::id).toList());
        assertThat(hungarians).isNotEmpty();
        BigDecimal cut = new BigDecimal("1000");
        ListResult r = searcher(TODAY).search(ListQuery.all().withSpend(cut, null).withPage(ListQuery.SortOrder.SPEND,
                100, null));
        for (Customer c : r.customers()) {
            assertThat(c.lifetimeSpend()).isGreaterThanOrEqualTo(cut);
        }
        long rawAbove = customers.stream().filter(c -> hungarians.contains(c.id()))
                .filter(c -> c.purchases().stream().map(Purchase::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                        .compareTo(cut) >= 0).count();
        long convertedAbove = customers.stream().filter(c -> hungarians.contains(c.id()))
                .filter(c -> c.lifetimeSpend().compareTo(cut) >= 0).count();
        assertThat(r.total()).isEqualTo(customers.stream().filter(c -> c.lifetimeSpend().compareTo(cut) >= 0).count());
        assertThat(convertedAbove).as("forint amounts are not euros").isLessThan(rawAbove);
    }
}
