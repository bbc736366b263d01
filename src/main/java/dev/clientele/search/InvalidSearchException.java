package dev.clientele.search;

/** A search request that cannot be run as given (bad limit, cursor or query syntax); {@code field} names it. */
public class InvalidSearchException extends RuntimeException {
    private final String field;

    public InvalidSearchException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
