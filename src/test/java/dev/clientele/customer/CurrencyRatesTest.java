package dev.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrencyRatesTest {
    static final CurrencyRates EUR = new CurrencyRates("EUR", Map.of("HUF", new BigDecimal("0.0025"),
            "GBP", new BigDecimal("1.17"), "USD", new BigDecimal("0.25")));

    private static Purchase p(String amount, String currency) {
        return new Purchase(LocalDate.of(2025, 3, 1), "x", amount == null ? null : new BigDecimal(amount), currency);
    }

    @Test
    void each_purchase_is_converted_exactly_and_rounded_half_up_to_four_decimals() {
        assertThat(EUR.toBase(new BigDecimal("100000"), "HUF")).isEqualByComparingTo("250");
        assertThat(EUR.toBase(new BigDecimal("1250.50"), "GBP")).isEqualByComparingTo("1463.085");
        // 1.0002 × 0.25 = 0.25005: half up
        assertThat(EUR.toBase(new BigDecimal("1.0002"), "USD")).isEqualTo(new BigDecimal("0.2501"));
        // 1.0001 × 0.25 = 0.250025 → 0.2500
        assertThat(EUR.toBase(new BigDecimal("1.0001"), "USD")).isEqualByComparingTo("0.25");
        assertThat(EUR.toBase(new BigDecimal("0.0001"), "HUF")).isEqualByComparingTo("0");
        assertThat(EUR.toBase(new BigDecimal("12.3456"), "EUR")).isEqualTo(new BigDecimal("12.3456"));
        assertThat(EUR.toBase(new BigDecimal("1"), "CHF")).isNull();
        assertThat(EUR.toBase(new BigDecimal("1"), null)).isNull();
    }

    @Test
    void lifetime_spend_sums_the_converted_purchases_and_lists_the_amounts_without_a_rate() {
        Customer c = Customer.person("Anna", "Kovács").withPurchases(List.of(p("100000", "HUF"), p("10", "GBP"),
                p("1.0002", "USD"), p("1.0002", "USD"), p("120", "CHF"), p("30", "CHF"), p("5", null),
                p(null, "EUR"))).withDerived(EUR);
        // 250 + 11.70 + 0.2501 + 0.2501
        assertThat(c.lifetimeSpend()).isEqualByComparingTo("262.2002");
        assertThat(c.spendCurrency()).isEqualTo("EUR");
        assertThat(c.uncountedSpend()).containsExactly(new Money(new BigDecimal("150.00"), "CHF"),
                new Money(new BigDecimal("5.00"), null));
        assertThat(c.purchaseCount()).isEqualTo(8);
        assertThat(c.purchases()).extracting(Purchase::currency)
                .containsExactly("HUF", "GBP", "USD", "USD", "CHF", "CHF", null, "EUR");
    }

    @Test
    void without_a_base_amounts_are_summed_as_they_are() {
        Customer c = Customer.person("Anna", "Kovács").withPurchases(List.of(p("100000", "HUF"), p("10.5", "GBP"),
                p("5", null)));
        assertThat(c.withDerived(CurrencyRates.NONE)).isEqualTo(c.withDerived());
        assertThat(c.withDerived().lifetimeSpend()).isEqualTo(new BigDecimal("100015.50"));
        assertThat(c.withDerived().spendCurrency()).isNull();
        assertThat(c.withDerived().uncountedSpend()).isNull();
    }

    @Test
    void bad_rates_are_refused_naming_the_entry() {
        assertThatThrownBy(() -> new CurrencyRates("EUR", Map.of("EUR", new BigDecimal("2"))))
                .hasMessageContaining("rates.EUR");
        assertThatThrownBy(() -> new CurrencyRates("EUR", Map.of("XYZ", BigDecimal.ONE)))
                .hasMessageContaining("rates.XYZ");
        assertThatThrownBy(() -> new CurrencyRates("EUR", Map.of("HUF", BigDecimal.ZERO)))
                .hasMessageContaining("rates.HUF");
        assertThatThrownBy(() -> new CurrencyRates("euro", Map.of())).hasMessageContaining("base");
        assertThatThrownBy(() -> new CurrencyRates(null, Map.of("HUF", BigDecimal.ONE))).hasMessageContaining("base");
        assertThat(new CurrencyRates("EUR", Map.of("EUR", new BigDecimal("1.000"))).rates()).isEmpty();
        assertThat(EUR.describe()).isEqualTo("EUR; GBP=1.17, HUF=0.0025, USD=0.25");
    }
}
