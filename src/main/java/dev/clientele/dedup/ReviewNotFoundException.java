package dev.clientele.dedup;

/** No duplicate pair, merge or job with the given id (HTTP 404). */
public class ReviewNotFoundException extends RuntimeException {
    public ReviewNotFoundException(String message) {
        super(message);
    }
}
