package dev.clientele.customer;

import java.util.Objects;

/**
 * A customer that a {@link CustomerValidator} has normalised and found valid. Only the validator makes one, so
 * code that holds one need not validate again: an importer validates each row to name the failing column, and the
 * store then writes the row without checking it a second time (validation was 7 % of an import's CPU when it ran
 * twice).
 */
public final class ValidCustomer {
    private final Customer customer;
    private final boolean partial;

    ValidCustomer(Customer customer, boolean partial) {
        this.customer = Objects.requireNonNull(customer, "customer");
        this.partial = partial;
    }

    /**
     * True when only the fields were checked, not the rules about the whole record (a person needs a name, email
     * or phone; a company its name): the customer is an update of some fields ({@link CustomerValidator#check(Customer, java.util.Set)}),
     * and whatever it is combined with must be checked whole.
     */
    public boolean partial() {
        return partial;
    }

    /** The normalised customer, with its derived fields computed. */
    public Customer customer() {
        return customer;
    }

    @Override
    public String toString() {
        return "ValidCustomer[" + customer.id() + "]";
    }
}
