package dev.clientele.search;

import dev.clientele.customer.Kind;

/**
 * One as-you-type suggestion: a customer's display name and what tells namesakes apart; {@code street} is the
 * customer's street when the typed words found it there (null otherwise), so a suggestion found by its street
 * says why.
 */
public record Suggestion(String id, String text, Kind kind, String company, String city, String street) {
}
