package dev.clientele.search;

import dev.clientele.customer.Customer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * One page of a list query: the exact total, aggregates over all matches, the requested facets and the hits.
 *
 * @param total      exact number of matches
 * @param aggregates count and spend sums over all matches
 * @param facets     requested facets, in request order
 * @param customers  this page of hits
 * @param nextCursor cursor of the next page, or null on the last one
 * @param spendCurrency the currency of every spend figure (aggregates, buckets, the customers' lifetime spend): the
 *                   configured base currency, or null when none is (amounts of all currencies summed as they are)
 */
public record ListResult(long total, Aggregates aggregates, Map<String, Facet> facets, List<Customer> customers,
        String nextCursor, String spendCurrency) {

    /**
     * Count and lifetime spend sum and average of a set of customers; window sums are null when the query has no
     * purchase window.
     */
    public record Aggregates(long count, BigDecimal spendSum, BigDecimal spendAvg, BigDecimal windowSpendSum,
            BigDecimal windowSpendAvg, Long windowPurchases) {

        /** From sums in units of 0.0001 ({@link dev.clientele.index.FacetFields#SPEND_SCALE}). */
        static Aggregates of(long count, long spendUnits, boolean window, long windowUnits, long windowPurchases) {
            return new Aggregates(count, money(spendUnits), avg(spendUnits, count),
                    window ? money(windowUnits) : null, window ? avg(windowUnits, count) : null,
                    window ? windowPurchases : null);
        }

        private static BigDecimal money(long units) {
            return dev.clientele.index.FacetFields.amount(units);
        }

        /** The average to the same 4 decimals as the amounts, rounded half up. */
        private static BigDecimal avg(long units, long count) {
            if (count == 0) {
                return null;
            }
            BigDecimal avg = BigDecimal.valueOf(units).divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP);
            return money(avg.longValueExact());
        }
    }

    /**
     * One facet: a page of its values (by count, then value; range facets in bucket order), how many values it
     * has in all, and whether more follow.
     *
     * @param path       for the region hierarchy, the level shown ("" for countries, "DE", "DE/Bayern"); else null
     */
    public record Facet(String dimension, String path, List<FacetValue> values, int totalValues, int offset,
            boolean hasMore) {
    }

    /**
     * One facet value with its count and aggregates. {@code path} is the full hierarchy path of a region value
     * ("DE/Bayern"), otherwise null.
     */
    public record FacetValue(String value, String path, long count, Aggregates aggregates) {
    }
}
