package dev.clientele.search;

/**
 * One search-box request.
 *
 * @param q        what the user typed; blank means "everyone, most recently changed first"
 * @param advanced true: {@code q} is a field query ({@code city:Berlin rep:"Anna Kovács"}); false: plain words
 * @param limit    hits per page, 1..{@value #MAX_LIMIT}
 * @param cursor   the {@code next_cursor} of the previous page, or null for the first page
 */
public record SearchRequest(String q, boolean advanced, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** Longest query accepted, in characters: a guard against pathological input. */
    public static final int MAX_QUERY_LENGTH = 500;

    public SearchRequest {
        q = q == null ? "" : q.strip();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidSearchException("limit", "limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (q.length() > MAX_QUERY_LENGTH) {
            throw new InvalidSearchException("q", "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (cursor != null && cursor.isBlank()) {
            cursor = null;
        }
    }

    public static SearchRequest of(String q) {
        return new SearchRequest(q, false, DEFAULT_LIMIT, null);
    }

    public SearchRequest withCursor(String newCursor) {
        return new SearchRequest(q, advanced, limit, newCursor);
    }

    public SearchRequest withLimit(int newLimit) {
        return new SearchRequest(q, advanced, newLimit, cursor);
    }
}
