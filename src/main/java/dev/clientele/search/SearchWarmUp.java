package dev.clientele.search;

import dev.clientele.index.CustomerIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs the kinds of queries the search box sends (whole names, a misspelled name, a typed prefix, suggestions)
 * once the server has started, so the first people to search after a restart do not wait for the JIT compiler,
 * the page cache and the per-segment term lists that fuzzy matching reads on first use.
 *
 * <p>The names come from the most recently changed customers and never leave this class (no logging). About
 * 4,000 queries: some seconds of one core at 1M customers (a minute at most); on an empty index it does nothing.
 */
public final class SearchWarmUp {
    /** Customers whose names are queried; each gives four queries. */
    static final int CUSTOMERS = 1000;
    /** The warm-up ends after this long even when not all names were queried. */
    static final long MAX_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private SearchWarmUp() {
    }

    /**
     * Runs the warm-up queries until done or until {@code stop} says so.
     *
     * @return how many queries ran
     */
    public static int run(CustomerIndex index, BooleanSupplier stop) {
        CustomerSearcher searcher = new CustomerSearcher(index);
        Suggester suggester = new Suggester(index);
        List<String[]> names = new ArrayList<>();
        String cursor = null;
        while (names.size() < CUSTOMERS) {
            SearchResult page = searcher.search(new SearchRequest("", false, SearchRequest.MAX_LIMIT, cursor));
            for (SearchResult.Hit h : page.hits()) {
                if (h.firstName() != null && h.lastName() != null && h.lastName().length() >= 3) {
                    names.add(new String[] {h.firstName(), h.lastName()});
                }
            }
            cursor = page.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        int queries = 0;
        long started = System.nanoTime();
        for (String[] n : names) {
            if (stop.getAsBoolean() || System.nanoTime() - started > MAX_NANOS) {
                break;
            }
            String first = n[0];
            String last = n[1];
            // A dropped letter inside the last name: the typo people make most.
            String typo = last.substring(0, last.length() / 2) + last.substring(last.length() / 2 + 1);
            searcher.search(new SearchRequest(first + " " + last, false, SearchRequest.DEFAULT_LIMIT, null));
            searcher.search(new SearchRequest(typo + " " + first, false, SearchRequest.DEFAULT_LIMIT, null));
            searcher.search(new SearchRequest(first + " " + last.substring(0, 2), false, SearchRequest.DEFAULT_LIMIT,
                    null));
            suggester.suggest(first + " " + last.substring(0, 2), 8);
            queries += 4;
        }
        return queries;
    }
}
