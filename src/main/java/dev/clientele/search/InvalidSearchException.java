package dev.clientele.search;

/** A search or list query cannot be run as given (bad limit, cursor, query syntax, unknown facet dimension,
 * bad filter value); {@code field} names the parameter at fault. */
public class InvalidSearchException extends RuntimeException {
    private final String field;

    public InvalidSearchException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The parameter at fault, or null. */
    public String field() {
        return field;
    }
}
