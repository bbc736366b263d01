package dev.clientele.security;

/** The key is valid but its role is too weak for the action (HTTP 403). */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
