package dev.clientele.search;

/** A list query cannot be run as given: unknown facet dimension, bad filter value, foreign cursor (a 400). */
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
