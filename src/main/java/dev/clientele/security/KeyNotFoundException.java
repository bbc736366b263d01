package dev.clientele.security;

/** No key has this id (HTTP 404). */
public class KeyNotFoundException extends RuntimeException {
    public KeyNotFoundException(String id) {
        super("no API key with id " + id);
    }
}
