package dev.clientele.security;

/** The request carries no key, or one that is unknown or revoked (HTTP 401). */
public class UnauthenticatedException extends RuntimeException {
    public UnauthenticatedException(String message) {
        super(message);
    }
}
