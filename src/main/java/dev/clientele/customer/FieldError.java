package dev.clientele.customer;

/**
 * One problem with one field of an input. {@code field} is a JSON-style path such as {@code emails[1]} or
 * {@code address.country}, or empty when the problem is with the whole record.
 */
public record FieldError(String field, String message) {
}
