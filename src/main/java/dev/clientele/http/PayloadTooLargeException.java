package dev.clientele.http;

/** The request body is larger than the configured limit (413). */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
