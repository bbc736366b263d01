package dev.clientele.customer;

/** A write would break a uniqueness rule, e.g. an external id already used by another customer (HTTP 409). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
