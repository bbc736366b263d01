package dev.clientele.customer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reporting currency of every derived spend figure and the rates into it ({@code currency.base} and
 * {@code currency.rates} in the config): how many units of the base currency one unit of another currency is
 * worth. Purchases keep their own amount and currency; only the figures derived from them (lifetime spend, window
 * sums, facets, sorting, aggregates) are converted.
 *
 * <p><b>Rounding.</b> Each purchase is converted on its own, {@code amount × rate} rounded half up to
 * {@link #SCALE} decimals (0.0001, the unit every spend figure is kept in), and the converted purchases are
 * summed; so a sum over a window that holds all of a customer's purchases equals the lifetime spend exactly.
 *
 * <p><b>No base</b> ({@link #NONE}, the default): nothing is converted and amounts of all currencies are summed as
 * they are, as before base currencies existed. <b>No rate</b>: a purchase in a currency without a rate (or without
 * a currency) is kept as it is but not counted in any spend figure; a customer lists such amounts in
 * {@code uncounted_spend}.
 *
 * @param base  ISO 4217 code of the reporting currency, or null: no conversion
 * @param rates base units per unit of each other currency, by ISO 4217 code (the base itself is 1 and need not be
 *              listed)
 */
public record CurrencyRates(String base, Map<String, BigDecimal> rates) {
    /** Decimal places of converted amounts. */
    public static final int SCALE = 4;

    /** No base currency: amounts are summed as they are. */
    public static final CurrencyRates NONE = new CurrencyRates(null, Map.of());

    public CurrencyRates {
        Map<String, BigDecimal> sorted = new TreeMap<>();
        if (rates != null) {
            rates.forEach((code, rate) -> {
                Objects.requireNonNull(code, "currency code");
                if (!isCurrency(code)) {
                    throw new IllegalArgumentException("rates." + code + ": not an ISO 4217 currency code");
                }
                if (rate == null || rate.signum() <= 0) {
                    throw new IllegalArgumentException("rates." + code + ": must be a number above 0, was " + rate);
                }
                sorted.put(code, rate.stripTrailingZeros());
            });
        }
        if (base == null && !sorted.isEmpty()) {
            throw new IllegalArgumentException("rates need a base currency (base)");
        }
        if (base != null) {
            if (!isCurrency(base)) {
                throw new IllegalArgumentException("base: '" + base + "' is not an ISO 4217 currency code");
            }
            BigDecimal own = sorted.remove(base);
            if (own != null && own.compareTo(BigDecimal.ONE) != 0) {
                throw new IllegalArgumentException("rates." + base + ": the base currency's rate is 1, was "
                        + own.toPlainString());
            }
        }
        rates = Map.copyOf(sorted);
    }

    private static boolean isCurrency(String code) {
        if (code.length() != 3 || !code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            return false;
        }
        try {
            java.util.Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when a base currency is set and spend figures are converted into it. */
    public boolean converts() {
        return base != null;
    }

    /**
     * Base units per unit of {@code currency}: 1 for the base itself, null when it has no rate (or is null). Without a
     * base, 1 for every currency.
     */
    public BigDecimal rate(String currency) {
        if (base == null) {
            return BigDecimal.ONE;
        }
        if (currency == null) {
            return null;
        }
        return currency.equals(base) ? BigDecimal.ONE : rates.get(currency);
    }

    /**
     * An amount in the base currency, rounded half up to {@link #SCALE} decimals and written with 2 to 4 of them
     * ({@code 250.00}, {@code 12.2549}); null when its currency has no rate. Without a base, the amount as it is.
     */
    public BigDecimal toBase(BigDecimal amount, String currency) {
        if (base == null) {
            return amount;
        }
        BigDecimal rate = rate(currency);
        if (rate == null) {
            return null;
        }
        BigDecimal out = amount.multiply(rate).setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return out.scale() < 2 ? out.setScale(2) : out;
    }

    /** The rates as one line, for commit data and logs: {@code EUR; GBP=1.17, HUF=0.0025} ("none" without a base). */
    public String describe() {
        if (base == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder(base).append(';');
        String sep = " ";
        for (Map.Entry<String, BigDecimal> e : new TreeMap<>(rates).entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue().toPlainString());
            sep = ", ";
        }
        return sb.toString();
    }
}
