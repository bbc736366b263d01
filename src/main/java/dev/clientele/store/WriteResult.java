package dev.clientele.store;

import dev.clientele.customer.Customer;

/**
 * The outcome of one write: the customer as stored, and whether it was created, changed, or left as it was
 * because the input carried no change (an idempotent re-send).
 */
public record WriteResult(Customer customer, Outcome outcome) {
    public enum Outcome { CREATED, UPDATED, UNCHANGED, DELETED }

    public boolean created() {
        return outcome == Outcome.CREATED;
    }
}
