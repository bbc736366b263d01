package dev.clientele.dedup;

import dev.clientele.customer.Customer;

/** Two customers the scorer considers possible duplicates, with the scored comparison. */
public record DuplicatePair(Customer left, Customer right, MatchResult result) {
}
