package dev.clientele.search;

import dev.clientele.customer.Kind;

/** One as-you-type suggestion: a customer's display name and what tells namesakes apart. */
public record Suggestion(String id, String text, Kind kind, String company, String city) {
}
