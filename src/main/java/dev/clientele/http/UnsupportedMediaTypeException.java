package dev.clientele.http;

/** The request body has a content type this route does not take (415). */
public class UnsupportedMediaTypeException extends RuntimeException {
    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
