package dev.clientele.http;

/** A request parameter or header is unusable (400); {@code field} names it when there is one. */
public class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
