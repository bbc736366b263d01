package dev.clientele.search;

import dev.clientele.customer.Kind;
import java.util.List;
import java.util.Map;

/**
 * One page of search hits, best first.
 *
 * @param hits          the customers of this page
 * @param total         number of matching customers: exact when {@code totalRelation} is {@code "eq"}, a lower
 *                      bound when it is {@code "gte"} (counting stops after {@value CustomerSearcher#EXACT_TOTAL_UP_TO})
 * @param totalRelation {@code "eq"} or {@code "gte"}
 * @param nextCursor    pass as {@code cursor} to get the next page; null on the last page
 * @param timedOut      true when the time limit cut the search short: hits and total are partial
 */
public record SearchResult(List<Hit> hits, long total, String totalRelation, String nextCursor, boolean timedOut) {

    /**
     * A customer summary plus why it matched.
     *
     * @param highlights per customer field ({@code first_name}, {@code last_name}, {@code company}, {@code emails},
     *                   {@code phones}, {@code street}, {@code city}, {@code postal_code}, {@code tags}, {@code notes}): fragments
     *                   of the stored value, HTML-escaped, with matched words in {@code <em>…</em>}
     */
    public record Hit(String id, Kind kind, String displayName, String firstName, String lastName, String company,
                      List<String> emails, List<String> phones, String city, String country, float score,
                      Map<String, List<String>> highlights) {
    }
}
