package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.customer.CurrencyRates;
import dev.clientele.index.FacetFields;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index-side conversion (long units) agrees with the domain's BigDecimal rule for every amount. */
class SpendConversionTest {
    static final CurrencyRates RATES = new CurrencyRates("EUR", Map.of("HUF", new BigDecimal("0.0025"),
            "GBP", new BigDecimal("1.17"), "USD", new BigDecimal("0.25"),
            // many decimals: the long product overflows for large amounts, and the BigDecimal path takes over
            "RUB", new BigDecimal("0.009812345678912345"), "JPY", new BigDecimal("1E+2")));

    @Test
    void units_convert_as_the_amounts_do() {
        SpendConversion conv = SpendConversion.of(RATES);
        Random random = new Random(7);
        List<BigDecimal> amounts = new java.util.ArrayList<>(List.of(new BigDecimal("0"), new BigDecimal("0.0001"),
                new BigDecimal("1.0002"), new BigDecimal("1000000000000"), new BigDecimal("999999999999.9999")));
        for (int i = 0; i < 2000; i++) {
            amounts.add(BigDecimal.valueOf(Math.floorMod(random.nextLong(), 10_000_000_000_000_000L), 4));
        }
        for (String currency : List.of("EUR", "HUF", "GBP", "USD", "RUB", "JPY")) {
            for (BigDecimal a : amounts) {
                long expected = FacetFields.units(RATES.toBase(a, currency));
                assertThat(conv.toBase(FacetFields.units(a), FacetFields.currencyCode(currency)))
                        .as(a + " " + currency).isEqualTo(expected);
            }
        }
        assertThat(conv.toBase(10_000, FacetFields.currencyCode("CHF"))).isEqualTo(SpendConversion.NOT_COUNTED);
        assertThat(conv.toBase(10_000, FacetFields.NO_CURRENCY)).isEqualTo(SpendConversion.NOT_COUNTED);
        assertThat(SpendConversion.IDENTITY.toBase(10_000, FacetFields.currencyCode("CHF"))).isEqualTo(10_000);
    }

    @Test
    void currency_codes_round_trip() {
        for (String c : List.of("AAA", "EUR", "HUF", "ZZZ")) {
            assertThat(FacetFields.currencyOf(FacetFields.currencyCode(c))).isEqualTo(c);
        }
        assertThat(FacetFields.currencyCode(null)).isEqualTo(FacetFields.NO_CURRENCY);
        assertThat(FacetFields.currencyCode("eu")).isEqualTo(FacetFields.NO_CURRENCY);
    }
}
