package dev.clientele.search;

/** A write would put a customer outside the scope of the key that makes it (HTTP 403). */
public class OutOfScopeException extends RuntimeException {
    public OutOfScopeException(String message) {
        super(message);
    }
}
