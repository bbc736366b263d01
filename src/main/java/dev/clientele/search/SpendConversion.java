package dev.clientele.search;

import dev.clientele.customer.CurrencyRates;
import dev.clientele.index.FacetFields;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * {@link CurrencyRates} on spend units (0.0001 of a currency) as the index holds them: one purchase's units in its
 * own currency to units of the base currency, by the rule of {@link CurrencyRates#toBase} (the amount times the
 * rate, rounded half up to 0.0001), in long arithmetic with a BigDecimal fallback where a product would overflow.
 * {@link #IDENTITY} (no base) keeps every amount as it is.
 *
 * <p>Immutable and thread-safe; equal rates make equal conversions, so it can be part of cache keys and queries.
 */
public final class SpendConversion {
    /** What {@link #toBase} answers for a purchase whose currency has no rate: it is not counted. */
    public static final long NOT_COUNTED = -1;
    /** No base currency: amounts are summed as they are. */
    public static final SpendConversion IDENTITY = new SpendConversion(CurrencyRates.NONE);

    private static final int CODES = 26 * 26 * 26;

    private final CurrencyRates rates;
    /** Per currency code: the rate's unscaled value, or 0 when there is no rate. */
    private final long[] multiplier = new long[CODES];
    /** Per currency code: 10^scale of the rate (the divisor), or 0 when the long form does not fit. */
    private final long[] divisor = new long[CODES];
    private final BigDecimal[] exact = new BigDecimal[CODES];

    private SpendConversion(CurrencyRates rates) {
        this.rates = rates;
        if (rates.converts()) {
            put(rates.base(), BigDecimal.ONE);
            for (Map.Entry<String, BigDecimal> e : rates.rates().entrySet()) {
                put(e.getKey(), e.getValue());
            }
        }
    }

    /** The conversion of these rates ({@link #IDENTITY} without a base). */
    public static SpendConversion of(CurrencyRates rates) {
        return rates.converts() ? new SpendConversion(rates) : IDENTITY;
    }

    private void put(String currency, BigDecimal rate) {
        int code = FacetFields.currencyCode(currency);
        if (code == FacetFields.NO_CURRENCY) {
            return;
        }
        BigDecimal r = rate.scale() < 0 ? rate.setScale(0) : rate;
        exact[code] = r;
        if (r.scale() <= 18 && r.unscaledValue().bitLength() < 63) {
            multiplier[code] = r.unscaledValue().longValueExact();
            divisor[code] = BigDecimal.TEN.pow(r.scale()).longValueExact();
        }
    }

    /** True when nothing is converted (no base currency). */
    public boolean identity() {
        return !rates.converts();
    }

    public CurrencyRates rates() {
        return rates;
    }

    /**
     * Units of one purchase (not negative) in currency {@code code} ({@link FacetFields#currencyCode}) as units of the
     * base currency, or {@link #NOT_COUNTED} when that currency has no rate.
     */
    public long toBase(long units, int code) {
        if (identity()) {
            return units;
        }
        if (code < 0 || code >= CODES || exact[code] == null) {
            return NOT_COUNTED;
        }
        long div = divisor[code];
        if (div != 0) {
            long m = multiplier[code];
            long product = units * m;
            if (Math.multiplyHigh(units, m) == 0 && product >= 0 && product <= Long.MAX_VALUE - div / 2) {
                return (product + div / 2) / div;
            }
        }
        return BigDecimal.valueOf(units).multiply(exact[code]).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpendConversion c && c.rates.equals(rates);
    }

    @Override
    public int hashCode() {
        return rates.hashCode();
    }

    @Override
    public String toString() {
        return rates.describe();
    }
}
